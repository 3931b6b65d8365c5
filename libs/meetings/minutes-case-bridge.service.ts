import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { scopeOf } from '../core/tenant-scope';
import { CaseRepository } from '../engine/case.repository';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { DomainError, GovernanceRuleError } from '../errors/domain.errors';
import { describeDay } from '../governance/clear-days.service';
import { templateOfCase } from '../workflows/case-template.service';
import type { MinutesApprovalFacts } from '../workflows/workflow.template';
import { linkedCaseRefusal } from './linked-case-refusal.errors';
import type { MeetingRecord } from './meeting-record.service';
import type { MeetingRow } from './meetings.repository';
import { MinutesCasesRepository, type SeatOnTheDay } from './minutes-cases.repository';

/**
 * Carries a meeting's approval of an earlier meeting's minutes into the case that is those minutes
 * (a minutes-approval case, version 2 on, naming the body as its chair's seat and the earlier
 * meeting's date), so the meeting and the case hold one approval: the amendments the meeting made,
 * and who is to sign. The chair signs; when the chair is absent (recorded absent or with apologies
 * at the approving meeting; or, the attendance silent of them, recorded away in the directory on the
 * day or simply not recorded present) the vice-chair signs in the chair's place, unless absent too
 * (by the attendance first, then the directory). Who holds either seat is the body's memberships on the day. The
 * case's template builds the events (WorkflowTemplate.minutesEvents); they go through the engine's
 * one path, as the officer, in the approval's transaction: both are recorded or neither is.
 */
@Injectable()
export class MinutesCaseBridge {
  constructor(
    private readonly send: SendEventUseCase,
    private readonly cases: CaseRepository,
    private readonly minutesCases: MinutesCasesRepository,
  ) {}

  async carry(
    m: EntityManager,
    actor: Actor,
    record: MeetingRecord,
    previous: MeetingRow,
    amendments: string[],
  ): Promise<{ caseId: string } | null> {
    const scope = scopeOf(actor);
    const linked = await this.minutesCases.linkedTo(
      scope,
      m,
      previous.bodyId,
      previous.meetingDate,
    );
    if (linked.length === 0) return null;
    if (linked.length > 1) {
      // Named by their references, so the officer knows which cases to withdraw.
      const several = `${linked.length} open cases are the minutes of ${previous.title}: ${inAList(linked.map((c) => c.reference).sort())}`;
      throw new GovernanceRuleError(
        'MINUTES_LINKED_TO_SEVERAL_CASES',
        `${several}, so nothing was recorded: withdraw all but one.`,
        [
          'one meeting’s minutes are approved once, so one case holds their approval',
          'withdraw all the cases but one, then record the approval again',
        ],
        { context: several },
      );
    }
    const row = await this.cases.find(scope, m, linked[0].id);
    if (!row) return null;
    // A case on a version this build lacks refuses the approval whole (503), never lets the
    // meeting record an approval its case does not take.
    const template = templateOfCase(row.id, row.templateId, row.templateVersion);
    if (!template.minutesEvents) return null;
    const meeting = record.meeting;
    const seats = await this.minutesCases.seatsOn(scope, m, previous.bodyId, meeting.meetingDate);
    const plan = template.minutesEvents(
      {
        meetingDate: meeting.meetingDate,
        meetingTitle: meeting.title,
        bodyName: meeting.bodyName,
        amendments,
        chair: chairFact(seats, record),
        viceChair: viceChairFact(seats, record),
      },
      { stateKey: row.stateKey, context: (row.snapshot as { context?: unknown }).context },
    );
    if (!plan.ok)
      throw new GovernanceRuleError(
        plan.code,
        `The case ${row.reference} that is the minutes of ${previous.title} cannot take this approval (“${row.summary}”), so nothing was recorded: ${plan.explanation.join('; ')}.`,
        plan.explanation,
        {
          caseId: row.id,
          context: `the case ${row.reference} that is the minutes of ${previous.title} cannot take this approval (“${row.summary}”)`,
          ...(plan.source ? { source: plan.source } : {}),
        },
      );
    let version = row.version;
    for (const e of plan.events) {
      try {
        const r = await this.send.send(row.id, { type: e.type, payload: e.payload }, actor, {
          manager: m,
          expectedVersion: version,
          fromMeeting: true,
        });
        version = r.version;
      } catch (err) {
        if (err instanceof DomainError)
          throw linkedCaseRefusal(row, e.type, err, 'that is the minutes approved');
        throw err;
      }
    }
    return { caseId: row.id };
  }
}

/** "A, B and C". */
const inAList = (items: string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : (items[0] ?? '');

const awayWords = (who: string, away: SeatOnTheDay['away']) =>
  away
    ? `${who} is recorded away from ${describeDay(away.firstDay)} to ${describeDay(away.lastDay)}`
    : null;

/**
 * Whether the holder of a seat is absent, the meeting's attendance first: the minutes are signed by
 * the person presiding (LGA 1972 Sch 12 para 41(1)), so one recorded present is not absent, though
 * recorded away in the directory, and one recorded absent or with apologies is. Only when the
 * attendance says nothing of them does the directory's absence decide, then `silent`.
 */
function absence(
  seat: SeatOnTheDay,
  who: string,
  record: MeetingRecord,
  silent: string | null,
): string | null {
  const day = describeDay(record.meeting.meetingDate);
  const status = record.attendance.find((a) => a.personId === seat.personId)?.status;
  if (status === 'present') return null;
  if (status) return `${who} was not present at the meeting of ${day}`;
  return awayWords(who, seat.away) ?? silent;
}

/** The chair on the day: absent when the attendance says so, else when recorded away or not recorded present. */
function chairFact(seats: SeatOnTheDay[], record: MeetingRecord): MinutesApprovalFacts['chair'] {
  const chair = seats.find((s) => s.seat === 'chair');
  if (!chair) return null;
  const who = `${chair.name}, the chair,`;
  const day = describeDay(record.meeting.meetingDate);
  return {
    name: chair.name,
    absent: absence(chair, who, record, `${who} was not present at the meeting of ${day}`),
    personId: chair.personId,
  };
}

/** The vice-chair on the day, who signs by email link: absent when the attendance says so, else when recorded away. */
function viceChairFact(
  seats: SeatOnTheDay[],
  record: MeetingRecord,
): MinutesApprovalFacts['viceChair'] {
  const vice = seats.find((s) => s.seat === 'vice_chair');
  if (!vice) return null;
  const who = `${vice.name}, the vice-chair,`;
  return { name: vice.name, absent: absence(vice, who, record, null), personId: vice.personId };
}
