import type { EntityManager } from 'typeorm';
import { addDays } from '../governance/working-day-calendar.service';
import type { DemoMeetingRows } from './demo-meeting-rows.service';

/**
 * The days of the demo's BCF performance reports (quarterly performance report, seed 002 paras
 * 2.11-2.12): the JCB signs a report off on the day the demo opens one for (`jcbMeetingDate`, two
 * weeks ahead), the HWBB takes the year-end report six days later; a report the HWBB refers back
 * goes to the JCB's next meeting, two weeks after its first, and the HWBB's next, six days after
 * that. None falls on a day the demo's other meetings of the same body are held.
 */
export function demoReportDates(today: string): {
  jcbMeetingDate: string;
  hwbbMeetingDate: string;
  next: { jcbMeetingDate: string; hwbbMeetingDate: string };
} {
  const jcb = addDays(today, 14);
  return {
    jcbMeetingDate: jcb,
    hwbbMeetingDate: addDays(jcb, 6),
    next: { jcbMeetingDate: addDays(jcb, 14), hwbbMeetingDate: addDays(jcb, 20) },
  };
}

/**
 * The JCB's and the HWBB's meetings on the demo reports' days (demoReportDates), scheduled two
 * months before the first and their agendas published the day the demo is first started: an
 * officer links a report (or a BCF plan signed off by the full board) to an item on each and
 * records the show of hands there. Written directly, like the demo's other meetings.
 */
export async function seedDemoReportMeetings(
  m: EntityManager,
  rows: DemoMeetingRows,
  opts: {
    tenantId: string;
    today: string;
    jcbBodyId: string;
    hwbbBodyId: string;
    officerId: string;
  },
): Promise<void> {
  const dates = demoReportDates(opts.today);
  await rows.schedule(m, opts, [
    { bodyId: opts.jcbBodyId, date: dates.jcbMeetingDate, name: 'Joint Commissioning Board' },
    { bodyId: opts.hwbbBodyId, date: dates.hwbbMeetingDate, name: 'Health and Wellbeing Board' },
    { bodyId: opts.jcbBodyId, date: dates.next.jcbMeetingDate, name: 'Joint Commissioning Board' },
    {
      bodyId: opts.hwbbBodyId,
      date: dates.next.hwbbMeetingDate,
      name: 'Health and Wellbeing Board',
    },
  ]);
}
