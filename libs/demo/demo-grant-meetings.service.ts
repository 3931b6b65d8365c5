import type { EntityManager } from 'typeorm';
import { addDays } from '../governance/working-day-calendar.service';
import type { DemoMeetingRows } from './demo-meeting-rows.service';

/** The first `weekday` (0 Sunday … 6 Saturday) on or after `date`. */
function weekdayFrom(date: string, weekday: number): string {
  let d = date;
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== weekday) d = addDays(d, 1);
  return d;
}

/**
 * The days of the demo's grant (grant ratification, seed 002 item 9, on the seed's rhythm: Cabinet
 * on a Tuesday, Full Council on the Wednesday of the week after, the HWBB's ratification within four
 * weeks): Cabinet two weeks or more after `today` and again four weeks later, each followed by Full
 * Council, so that a grant Council refers back goes to the next Cabinet and the next Council.
 */
export function demoGrantDates(today: string): {
  cabinetMeetingDate: string;
  councilMeetingDate: string;
  ratificationDeadline: string;
  next: { cabinetMeetingDate: string; councilMeetingDate: string; ratificationDeadline: string };
} {
  const cabinet = weekdayFrom(addDays(today, 14), 2);
  const nextCabinet = addDays(cabinet, 28);
  return {
    cabinetMeetingDate: cabinet,
    councilMeetingDate: addDays(cabinet, 8),
    ratificationDeadline: addDays(cabinet, 36),
    next: {
      cabinetMeetingDate: nextCabinet,
      councilMeetingDate: addDays(nextCabinet, 8),
      ratificationDeadline: addDays(nextCabinet, 36),
    },
  };
}

/**
 * Cabinet's and Full Council's meetings on the demo grant's days (demoGrantDates), scheduled two
 * months before the first and their agendas published the day the demo is first started: an
 * officer links a grant case to an item on each and records the show of hands there, as a council
 * would. Written directly, like the demo's other meetings (demo-meetings.service.ts).
 */
export async function seedDemoGrantMeetings(
  m: EntityManager,
  rows: DemoMeetingRows,
  opts: {
    tenantId: string;
    today: string;
    cabinetBodyId: string;
    councilBodyId: string;
    officerId: string;
  },
): Promise<void> {
  const dates = demoGrantDates(opts.today);
  await rows.schedule(m, opts, [
    { bodyId: opts.cabinetBodyId, date: dates.cabinetMeetingDate, name: 'Cabinet' },
    { bodyId: opts.councilBodyId, date: dates.councilMeetingDate, name: 'Full Council' },
    { bodyId: opts.cabinetBodyId, date: dates.next.cabinetMeetingDate, name: 'Cabinet' },
    { bodyId: opts.councilBodyId, date: dates.next.councilMeetingDate, name: 'Full Council' },
  ]);
}
