import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { tenantScope } from '../../core/tenant-scope';
import { CaseReadPolicy } from '../../engine/case-read-policy.service';
import { plural } from '../../governance/clear-days.service';
import { seatVotes } from '../../governance/quorum.service';
import { itemNoticeDeadlines } from '../../governance/notice-deadlines.service';
import { assessItem, quorumFor } from '../meeting-assessment.service';
import { MeetingNotFoundError } from '../meeting.errors';
import { MeetingLoader } from '../meeting-loader.service';
import { MeetingRecordReader, publishAgendaBy } from '../meeting-record.service';
import { MeetingsRepository } from '../meetings.repository';

/** The meeting as officers read it: agenda with notices, live quorum, interests, hands, outcomes. */
@Injectable()
export class ReadMeetingUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly loader: MeetingLoader,
    private readonly reader: MeetingRecordReader,
    private readonly meetings: MeetingsRepository,
    private readonly readPolicy: CaseReadPolicy,
  ) {}

  /**
   * The meeting as `actor` may read it (the API): a private (Part 2) item's content only for those
   * the read policy entitles to it (libs/engine/case-read-policy.service.ts).
   */
  async viewFor(actor: Actor, meetingId: string) {
    const view = await this.view(actor.tenantId, meetingId);
    const reader = await this.readPolicy.readerFor(actor);
    return { ...view, agenda: await this.readPolicy.agendaFor(reader, view.agenda) };
  }

  async view(tenantId: string, meetingId: string) {
    const m = this.ds.manager;
    const scope = tenantScope(tenantId);
    const meeting = await this.meetings.meeting(scope, m, meetingId);
    if (!meeting) throw new MeetingNotFoundError(meetingId);
    const rules = await this.loader.rulesOf(scope, m, meeting);
    const record = await this.reader.record(scope, m, meeting);
    const nameOf = (id: string) => record.members.find((x) => x.personId === id)?.name ?? id;
    const overall = quorumFor(record, rules, null);
    // By when (reg 7): the agenda, like each report, leaves its clear days before the meeting.
    const deadlinesOf = (item: { keyDecision: boolean; part2Reasons: string | null }) =>
      itemNoticeDeadlines(
        {
          meetingOn: meeting.meetingDate,
          keyDecision: item.keyDecision,
          privateItem: item.part2Reasons !== null,
        },
        record.settings.calendar,
        rules.notices,
      );
    return {
      ...meeting,
      publishAgendaBy: publishAgendaBy(meeting.meetingDate, record.settings.calendar, rules),
      quorumRule: rules.quorum,
      decisionRule: rules.decision,
      members: record.members,
      attendance: record.attendance.map((a) => ({
        ...a,
        substituteForName: a.substituteFor ? nameOf(a.substituteFor) : undefined,
        // Whether the seat they sit in votes, as the show of hands' rule has it.
        voting: seatVotes(record.members, a.substituteFor ?? a.personId),
      })),
      quorum: {
        quorate: overall.quorate,
        summary: overall.refusal ? 'attendance to be recorded again' : describeQuorum(overall),
        explanation: overall.explanation,
      },
      agenda: record.items.map((item) => {
        const a = assessItem(record, rules, item);
        const outcome = record.outcomes.find((o) => o.itemId === item.id) ?? null;
        return {
          ...item,
          notices: a.notices,
          deadlines: deadlinesOf(item),
          quorum: {
            quorate: a.quorum.quorate,
            excludedPersonIds: a.quorum.excludedPersonIds,
            explanation: a.quorum.explanation,
          },
          declarations: a.declarations,
          votes: record.votes.filter((v) => v.itemId === item.id),
          outcome,
        };
      }),
      minutesApproved: record.minutesApprovals,
    };
  }
}

function describeQuorum(q: { quorate: boolean; roll: { counted: boolean }[] }): string {
  return `${plural(q.roll.filter((r) => r.counted).length, 'member')} counted; ${q.quorate ? 'quorate' : 'not quorate'}`;
}
