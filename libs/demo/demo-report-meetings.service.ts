import type { EntityManager } from 'typeorm';
import { addDays } from '../governance/working-day-calendar.service';
import { dateInWords } from '../notifications/email-message.service';

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
  opts: {
    tenantId: string;
    today: string;
    jcbBodyId: string;
    hwbbBodyId: string;
    officerId: string;
  },
): Promise<void> {
  const dates = demoReportDates(opts.today);
  const scheduledOn = addDays(dates.jcbMeetingDate, -60);
  const meetings: [string, string, string][] = [
    [opts.jcbBodyId, dates.jcbMeetingDate, 'Joint Commissioning Board'],
    [opts.hwbbBodyId, dates.hwbbMeetingDate, 'Health and Wellbeing Board'],
    [opts.jcbBodyId, dates.next.jcbMeetingDate, 'Joint Commissioning Board'],
    [opts.hwbbBodyId, dates.next.hwbbMeetingDate, 'Health and Wellbeing Board'],
  ];
  for (const [bodyId, date, name] of meetings)
    await m.query(
      `INSERT INTO meetings (tenant_id, body_id, meeting_date, title, created_by,
                             agenda_published_on, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::date + time '09:00')`,
      [
        opts.tenantId,
        bodyId,
        date,
        `${name}, ${dateInWords(date)}`,
        opts.officerId,
        opts.today,
        scheduledOn,
      ],
    );
}
