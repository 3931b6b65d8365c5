import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { addDays } from '../governance/working-day-calendar.service';
import { AgendaItemsRepository } from '../meetings/agenda-items.repository';
import { MeetingsRepository } from '../meetings/meetings.repository';
import { dateInWords } from '../notifications/email-message.service';

/**
 * The demo's meetings and their agenda items, written through the meetings' repositories in the
 * seed's transaction (the seed is one transaction; the meetings use cases open their own), each
 * meeting with a past of its own.
 */
@Injectable()
export class DemoMeetingRows {
  constructor(
    private readonly meetings: MeetingsRepository,
    private readonly items: AgendaItemsRepository,
  ) {}

  /**
   * One demo meeting. `held` gives the day it was scheduled and its agenda published; without it
   * the meeting is scheduled now with no agenda yet.
   */
  insert(
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
    return this.meetings.insertScheduledOn(tenantScope(meeting.tenantId), m, {
      bodyId: meeting.bodyId,
      meetingDate: meeting.date,
      title: meeting.title,
      by: meeting.officerId,
      scheduledOn: meeting.held?.scheduledOn ?? null,
      agendaPublishedOn: meeting.held?.agendaPublishedOn ?? null,
    });
  }

  /**
   * An item at the end of a demo meeting's agenda, linked to a case or not; a key decision when it
   * names the day the forward plan first listed it.
   */
  async addItem(
    m: EntityManager,
    tenantId: string,
    meetingId: string,
    item: { title: string; caseId: string | null; forwardPlanPublishedOn: string | null },
  ): Promise<void> {
    await this.items.append(tenantScope(tenantId), m, meetingId, {
      title: item.title,
      caseId: item.caseId,
      keyDecision: item.forwardPlanPublishedOn !== null,
      forwardPlanPublishedOn: item.forwardPlanPublishedOn,
      part2Reasons: null,
      noticeRoutes: {},
      privateNoticePublishedOn: null,
      reportPublishedOn: null,
    });
  }

  /**
   * Meetings of the demo's bodies on the given days, each titled "<body's name>, <day in words>",
   * scheduled two months before the first of them and their agendas published the day the demo is
   * first started, so that an officer can link a case to an item on each and record its show of
   * hands.
   */
  async schedule(
    m: EntityManager,
    opts: { tenantId: string; today: string; officerId: string },
    meetings: { bodyId: string; date: string; name: string }[],
  ): Promise<void> {
    const scheduledOn = addDays(meetings[0].date, -60);
    for (const { bodyId, date, name } of meetings)
      await this.insert(m, {
        tenantId: opts.tenantId,
        bodyId,
        date,
        title: `${name}, ${dateInWords(date)}`,
        officerId: opts.officerId,
        held: { scheduledOn, agendaPublishedOn: opts.today },
      });
  }
}
