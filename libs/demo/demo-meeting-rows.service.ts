import type { EntityManager } from 'typeorm';
import { addDays } from '../governance/working-day-calendar.service';
import { dateInWords } from '../notifications/email-message.service';

/**
 * One demo meeting written directly (the seed is one transaction; the meetings use case opens its
 * own). `held` gives the day it was scheduled and its agenda published; without it the meeting is
 * scheduled now with no agenda yet.
 */
export async function insertDemoMeeting(
  m: EntityManager,
  meeting: {
    tenantId: string;
    bodyId: string;
    date: string;
    title: string;
    officerId: string;
    held?: { scheduledOn: string; agendaPublishedOn: string };
  },
): Promise<string> {
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO meetings (tenant_id, body_id, meeting_date, title, created_by,
                           agenda_published_on, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::date + time '09:00', now())) RETURNING id`,
    [
      meeting.tenantId,
      meeting.bodyId,
      meeting.date,
      meeting.title,
      meeting.officerId,
      meeting.held?.agendaPublishedOn ?? null,
      meeting.held?.scheduledOn ?? null,
    ],
  );
  return row.id;
}

/**
 * Meetings of the demo's bodies on the given days, each titled "<body's name>, <day in words>",
 * scheduled two months before the first of them and their agendas published the day the demo is
 * first started, so that an officer can link a case to an item on each and record its show of hands.
 */
export async function scheduleDemoMeetings(
  m: EntityManager,
  opts: { tenantId: string; today: string; officerId: string },
  meetings: { bodyId: string; date: string; name: string }[],
): Promise<void> {
  const scheduledOn = addDays(meetings[0].date, -60);
  for (const { bodyId, date, name } of meetings)
    await insertDemoMeeting(m, {
      tenantId: opts.tenantId,
      bodyId,
      date,
      title: `${name}, ${dateInWords(date)}`,
      officerId: opts.officerId,
      held: { scheduledOn, agendaPublishedOn: opts.today },
    });
}
