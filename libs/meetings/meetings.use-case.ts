import { generalExceptionSchema, urgencyAgreementSchema } from '../governance/notices.service';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../core/actor.dto';
import { CaseReadPolicy } from '../engine/case-read-policy.service';
import { Clock } from '../core/clock.service';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { zodProblems } from '../core/zod-problems.service';
import {
  CaseNotFoundError,
  DomainError,
  GovernanceRuleError,
  InvalidInputError,
  NotAuthorisedError,
} from '../errors/domain.errors';
import { decideVote, type ConsensusOutcome } from '../governance/consensus.service';
import { validateDispensation } from '../governance/interests.service';
import {
  checkMeetingPeople,
  personIdsNamedIn,
  type BodyOnDate,
  type MeetingPeopleClaim,
} from '../governance/meeting-people.service';
import { bodySeatsOn, BodyRepository } from '../directory/body.repository';
import { plural } from '../governance/clear-days.service';
import { assessItem, quorumFor } from './meeting-assessment.service';
import { MeetingCaseBridge } from './meeting-case-bridge.service';
import type { ItemOutcomeKind } from './item-outcome.entity';
import {
  meetingRulesOf,
  MeetingsRepository,
  type MeetingRules,
  type MeetingRow,
} from './meetings.repository';
import { calendarDate, londonDate } from '../governance/working-day-calendar.service';
import { refuseBeforeTheMeeting, refuseImpossibleDate } from './meeting-dates.service';
import { itemNoticeDeadlines } from '../governance/notice-deadlines.service';

const isoDate = (what: string) =>
  calendarDate(`write ${what} as YYYY-MM-DD`, `${what} is not a real calendar date`);
const text = (what: string, max = 500) =>
  z
    .string({ message: `give ${what}` })
    .trim()
    .min(1, `give ${what}`)
    .max(max, `keep ${what} under ${max} characters`);
const uuid = (what: string) =>
  z.string({ message: `give ${what}` }).uuid(`${what} is an id (UUID)`);

export const scheduleBody = z
  .object({ body: uuid('body'), meetingDate: isoDate('meetingDate'), title: text('title', 200) })
  .strict();

/** The lawful routes around a notice that fell short (2012 Regulations regs 10, 11, 5 and 7). */
export const noticeRoutesBody = z
  .object({
    generalException: generalExceptionSchema.optional(),
    specialUrgency: urgencyAgreementSchema.optional(),
    lateItemSpecialCircumstances: text('lateItemSpecialCircumstances', 2000).optional(),
    privateUrgency: urgencyAgreementSchema.optional(),
  })
  .strict();

export type NoticeRoutes = z.infer<typeof noticeRoutesBody>;

export const agendaItemBody = z
  .object({
    noticeRoutes: noticeRoutesBody.optional(),
    title: text('title', 300),
    caseId: uuid('caseId').optional(),
    keyDecision: z.boolean({ message: 'say whether the item is a key decision (true or false)' }),
    forwardPlanPublishedOn: isoDate('forwardPlanPublishedOn').optional(),
    part2Reasons: text('part2Reasons', 2000).optional(),
    privateNoticePublishedOn: isoDate('privateNoticePublishedOn').optional(),
    reportPublishedOn: isoDate('reportPublishedOn').optional(),
  })
  .strict();

export const publicationBody = z
  .object({ agendaPublishedOn: isoDate('agendaPublishedOn') })
  .strict();

export const attendanceBody = z
  .array(
    z
      .object({
        personId: uuid('personId'),
        status: z.enum(['present', 'apologies', 'absent'], {
          message: 'status is present, apologies or absent',
        }),
        substituteFor: uuid('substituteFor').optional(),
      })
      .strict(),
    { message: 'send the whole attendance as a list of {personId, status, substituteFor?}' },
  )
  .max(200, 'at most 200 people');

export const declarationBody = z
  .object({
    personId: uuid('personId'),
    kind: z.enum(['disclosablePecuniary', 'other'], {
      message: 'kind is disclosablePecuniary or other',
    }),
    details: text('details', 2000),
    dispensation: z
      .object({
        id: text('dispensation.id', 100),
        grantor: text('dispensation.grantor', 200),
        ground: z.enum([
          'impedesTransactionOfBusiness',
          'politicalBalance',
          'inhabitantsInterests',
          'wholeExecutiveProhibited',
          'otherwiseAppropriate',
        ]),
        relievesFrom: z.array(z.enum(['discussion', 'vote'])).min(1),
        grantedOn: isoDate('dispensation.grantedOn'),
        endsOn: isoDate('dispensation.endsOn'),
      })
      .strict()
      .optional(),
    /** A dispensation from the register (POST /api/dispensations), instead of one given inline. */
    dispensationId: z
      .string()
      .uuid('dispensationId is the id of a dispensation in the register')
      .optional(),
  })
  .strict();

export const showOfHandsBody = z
  .object({
    hands: z
      .array(
        z
          .object({
            personId: uuid('personId'),
            hand: z.enum(['for', 'against', 'abstain'], {
              message: 'hand is for, against or abstain',
            }),
          })
          .strict(),
      )
      .max(200),
    chairChoice: z
      .object({
        outcome: z.enum(['deferred', 'referredBack'], {
          message: 'chairChoice.outcome is deferred or referredBack',
        }),
        consultedThosePresent: z.boolean(),
      })
      .strict()
      .optional(),
    /** For an item linked to a case: the case version the officer read (a stale one is refused). */
    expectedCaseVersion: z
      .number({ message: 'expectedCaseVersion is the case’s version, a whole number' })
      .int('expectedCaseVersion is a whole number')
      .positive('expectedCaseVersion is 1 or more')
      .optional(),
  })
  .strict();

export const minutesBody = z
  .object({
    previousMeetingId: uuid('previousMeetingId'),
    amendments: z.array(text('each amendment', 2000)).max(100),
  })
  .strict();

const OUTCOME: Record<
  Exclude<ConsensusOutcome, 'inquorate'> | 'carried' | 'lost',
  ItemOutcomeKind
> = {
  consensus: 'consensus',
  noConsensusDeferred: 'deferred',
  noConsensusReferredBack: 'referredBack',
  carried: 'carried',
  lost: 'lost',
};

function parse<S extends z.ZodTypeAny>(schema: S, input: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(input);
  if (!r.success)
    throw new InvalidInputError(
      `The ${what} is not valid: fix the fields listed in problems.`,
      zodProblems(r.error),
    );
  return r.data;
}

export class MeetingNotFoundError extends DomainError {
  constructor(id: string) {
    super(
      'MEETING_NOT_FOUND',
      'No such meeting',
      `There is no meeting ${id} in your organisation: check the id.`,
    );
  }
}

export class AgendaItemNotFoundError extends DomainError {
  constructor(id: string) {
    super(
      'AGENDA_ITEM_NOT_FOUND',
      'No such agenda item',
      `The meeting has no agenda item ${id}: read the meeting for its items.`,
    );
  }
}

function officerOnly(actor: Actor, what: string): string {
  if (actor.kind !== 'person' || !actor.person.isOfficer)
    throw new NotAuthorisedError(`${what} is recorded by a democratic services officer.`);
  return actor.person.id;
}

/**
 * Meetings of a body: schedule, agenda, publication, attendance, declarations, show of hands,
 * minutes approval. Officers record; every write is one transaction that locks the meeting row,
 * and a rule that refuses writes nothing. The show of hands on an item linked to a case is carried
 * into the case in the same transaction (meeting-case-bridge.service.ts): the case refusing it
 * refuses the show of hands.
 */
@Injectable()
export class MeetingsUseCase {
  private readonly repo = new MeetingsRepository();
  private readonly bodyRepo = new BodyRepository();
  private readonly bridge: MeetingCaseBridge;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    send: SendEventUseCase,
    private readonly readPolicy: CaseReadPolicy,
  ) {
    this.bridge = new MeetingCaseBridge(send);
  }

  async schedule(input: unknown, actor: Actor): Promise<string> {
    const by = officerOnly(actor, 'A meeting');
    const b = parse(scheduleBody, input, 'meeting');
    return this.ds.transaction(async (m) => {
      const body = await this.bodyRepo.rulesOf(m, actor.tenantId, b.body);
      if (!body)
        throw new InvalidInputError('There is no such body in your organisation: check the id.', [
          { path: 'body', message: 'not a body of your organisation' },
        ]);
      if (!body.rules) throw noRules(body.name);
      const rows: { id: string }[] = await m.query(
        `INSERT INTO meetings (tenant_id, body_id, meeting_date, title, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [actor.tenantId, body.id, b.meetingDate, b.title, by, this.clock.now()],
      );
      return rows[0].id;
    });
  }

  /** A page of the tenant's meetings; `next` is the offset of the following page, if any. */
  /** The council's bodies; only those with rules can hold meetings here. */
  async bodies(tenantId: string) {
    return this.bodyRepo.names(this.ds.manager, tenantId);
  }

  async list(tenantId: string, query: unknown) {
    const q = parse(
      z
        .object({
          body: uuid('body').optional(),
          limit: z.coerce.number().int().min(1).max(200, 'limit must be at most 200').default(50),
          offset: z.coerce
            .number()
            .int()
            .min(0)
            .max(1_000_000, 'offset must be at most 1000000')
            .default(0),
        })
        .strict(),
      query,
      'filter',
    );
    const rows = await this.repo.list(this.ds.manager, tenantId, {
      bodyId: q.body,
      limit: q.limit,
      offset: q.offset,
    });
    return {
      items: rows,
      limit: q.limit,
      offset: q.offset,
      next: rows.length === q.limit ? q.offset + q.limit : null,
    };
  }

  async addAgendaItem(meetingId: string, input: unknown, actor: Actor): Promise<string> {
    officerOnly(actor, 'An agenda item');
    const b = parse(agendaItemBody, input, 'agenda item');
    return this.ds.transaction(async (m) => {
      await this.lockMeeting(m, actor.tenantId, meetingId);
      const today = this.today();
      refuseImpossibleDate(
        'forwardPlanPublishedOn',
        'the key decision notice',
        b.forwardPlanPublishedOn,
        today,
      );
      refuseImpossibleDate(
        'privateNoticePublishedOn',
        'the notice of the private item',
        b.privateNoticePublishedOn,
        today,
      );
      refuseImpossibleDate(
        'reportPublishedOn',
        'the report’s publication',
        b.reportPublishedOn,
        today,
      );
      refuseImpossibleRoutes(b.noticeRoutes, today, 'noticeRoutes.');
      if (b.caseId && !(await this.repo.caseExists(m, actor.tenantId, b.caseId)))
        throw new CaseNotFoundError(b.caseId);
      if (b.privateNoticePublishedOn && !b.part2Reasons)
        throw new InvalidInputError(
          'A private notice needs the reasons for excluding the public.',
          [{ path: 'part2Reasons', message: 'give the reasons for taking the item in private' }],
        );
      const rows: { id: string }[] = await m.query(
        `INSERT INTO agenda_items (tenant_id, meeting_id, position, title, case_id, key_decision,
                                   forward_plan_published_on, part2_reasons,
                                   private_notice_published_on, report_published_on, notice_routes)
         SELECT $1, $2, COALESCE(MAX(position), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10
           FROM agenda_items WHERE tenant_id = $1 AND meeting_id = $2
         RETURNING id`,
        [
          actor.tenantId,
          meetingId,
          b.title,
          b.caseId ?? null,
          b.keyDecision,
          b.forwardPlanPublishedOn ?? null,
          b.part2Reasons ?? null,
          b.privateNoticePublishedOn ?? null,
          b.reportPublishedOn ?? null,
          JSON.stringify(b.noticeRoutes ?? {}),
        ],
      );
      return rows[0].id;
    });
  }

  /** Records the routes taken around a notice that fell short, e.g. the chair's reasons for a late report. */
  async recordNoticeRoutes(
    meetingId: string,
    itemId: string,
    input: unknown,
    actor: Actor,
  ): Promise<void> {
    officerOnly(actor, 'A notice route');
    const b = parse(noticeRoutesBody, input, 'notice routes');
    refuseImpossibleRoutes(b, this.today());
    await this.ds.transaction(async (m) => {
      await this.lockMeeting(m, actor.tenantId, meetingId);
      const rows: { id: string }[] = await m.query(
        `WITH u AS (UPDATE agenda_items SET notice_routes = $4 WHERE tenant_id = $1 AND meeting_id = $2 AND id = $3 RETURNING id)
         SELECT id FROM u`,
        [actor.tenantId, meetingId, itemId, JSON.stringify(b)],
      );
      if (rows.length === 0) throw new AgendaItemNotFoundError(itemId);
    });
  }

  async recordPublication(meetingId: string, input: unknown, actor: Actor): Promise<void> {
    officerOnly(actor, 'Publication of the agenda');
    const b = parse(publicationBody, input, 'publication');
    await this.ds.transaction(async (m) => {
      const meeting = await this.lockMeeting(m, actor.tenantId, meetingId);
      const scheduled = await this.repo.scheduledAt(m, actor.tenantId, meetingId);
      refuseImpossibleDate(
        'agendaPublishedOn',
        'the agenda’s publication',
        b.agendaPublishedOn,
        this.today(),
        [
          {
            what: 'the day the meeting was scheduled',
            on: londonDate(scheduled ?? this.clock.now()),
            rule: 'AGENDA_BEFORE_THE_MEETING_EXISTED',
          },
        ],
      );
      if (b.agendaPublishedOn > meeting.meetingDate)
        throw new InvalidInputError(
          `The agenda cannot be published after the meeting on ${meeting.meetingDate}.`,
          [{ path: 'agendaPublishedOn', message: 'must be on or before the meeting date' }],
        );
      await m.query(
        'UPDATE meetings SET agenda_published_on = $3 WHERE tenant_id = $1 AND id = $2',
        [actor.tenantId, meetingId, b.agendaPublishedOn],
      );
    });
  }

  /** Replaces the meeting's attendance; an impossible attendance is refused whole. */
  async recordAttendance(meetingId: string, input: unknown, actor: Actor): Promise<void> {
    officerOnly(actor, 'Attendance');
    const entries = parse(attendanceBody, input, 'attendance');
    await this.ds.transaction(async (m) => {
      const meeting = await this.lockMeeting(m, actor.tenantId, meetingId);
      await this.rulesOf(m, actor.tenantId, meeting);
      const body = await this.bodyOn(m, actor.tenantId, meeting, {
        attendance: entries.map((e) => ({ ...e, name: '' })),
        declarations: [],
        hands: [],
      });
      const names = new Map(body.people.map((p) => [p.id, p.name]));
      const unknown = entries.filter((e) => !names.has(e.personId));
      if (unknown.length > 0)
        throw new InvalidInputError(
          'Some people are not in your organisation’s directory: check the ids.',
          unknown.map((e) => ({
            path: `[${entries.indexOf(e)}].personId`,
            message: `no person ${e.personId}`,
          })),
        );
      const attendance = entries.map((e) => ({ ...e, name: names.get(e.personId)! }));
      refuseUnlessBodysPeople(
        body,
        meeting,
        { attendance, declarations: [], hands: [] },
        'The attendance is not possible',
      );
      await m.query('DELETE FROM meeting_attendance WHERE tenant_id = $1 AND meeting_id = $2', [
        actor.tenantId,
        meetingId,
      ]);
      for (const e of entries)
        await m.query(
          `INSERT INTO meeting_attendance (tenant_id, meeting_id, person_id, status, substitute_for)
           VALUES ($1, $2, $3, $4, $5)`,
          [actor.tenantId, meetingId, e.personId, e.status, e.substituteFor ?? null],
        );
    });
  }

  async declare(meetingId: string, itemId: string, input: unknown, actor: Actor): Promise<void> {
    officerOnly(actor, 'A declaration of interest');
    const b = parse(declarationBody, input, 'declaration');
    await this.ds.transaction(async (m) => {
      const meeting = await this.lockMeeting(m, actor.tenantId, meetingId);
      await this.rulesOf(m, actor.tenantId, meeting);
      const record = await this.repo.record(m, actor.tenantId, meeting);
      const item = record.items.find((i) => i.id === itemId);
      if (!item) throw new AgendaItemNotFoundError(itemId);
      this.refuseIfDecided(record.outcomes, item);
      // Only the body's members and their substitutes in the attendance declare (record it first).
      const claim = { attendance: record.attendance, declarations: [b], hands: [] };
      refuseUnlessBodysPeople(
        await this.bodyOn(m, actor.tenantId, meeting, claim),
        meeting,
        claim,
        'The declaration cannot be recorded',
      );
      if (b.dispensationId) {
        const [d]: {
          id: string;
          grantor: string;
          ground: string;
          relieves_from: string[];
          granted_on: string;
          ends_on: string;
        }[] = await m.query(
          `SELECT id, grantor, ground, relieves_from, granted_on::text, ends_on::text FROM dispensations
              WHERE tenant_id = $1 AND id = $2 AND person_id = $3 AND revoked_on IS NULL`,
          [actor.tenantId, b.dispensationId, b.personId],
        );
        if (!d) {
          throw new GovernanceRuleError(
            'DISPENSATION_NOT_FOUND',
            'There is no dispensation in force with that id for this person.',
            [
              `dispensation ${b.dispensationId} is not in the register for ${b.personId}, or has been revoked`,
            ],
          );
        }
        // The declaration keeps the dispensation as it stood, like the inline form.
        b.dispensation = {
          id: d.id,
          grantor: d.grantor,
          ground: d.ground as NonNullable<typeof b.dispensation>['ground'],
          relievesFrom: d.relieves_from as NonNullable<typeof b.dispensation>['relievesFrom'],
          grantedOn: d.granted_on,
          endsOn: d.ends_on,
        };
      }
      if (b.dispensation) {
        const v = validateDispensation({
          ...b.dispensation,
          personId: b.personId,
          matters: [itemId],
        });
        if (!v.ok)
          throw new GovernanceRuleError(
            v.code,
            `The dispensation is not valid: ${v.explanation.join('; ')}.`,
            v.explanation,
          );
      }
      await m.query(
        `INSERT INTO interest_declarations (tenant_id, meeting_id, item_id, person_id, kind, details, dispensation, declared_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          actor.tenantId,
          meetingId,
          itemId,
          b.personId,
          b.kind,
          b.details,
          b.dispensation ? JSON.stringify(b.dispensation) : null,
          this.clock.now(),
        ],
      );
    });
  }

  /**
   * The show of hands on an item: notices met, quorate with exclusions, every eligible hand; for an
   * item linked to a case whose template takes meeting outcomes, the case's events too.
   */
  async showOfHands(
    meetingId: string,
    itemId: string,
    input: unknown,
    actor: Actor,
  ): Promise<ItemOutcomeKind> {
    const by = officerOnly(actor, 'A show of hands');
    const b = parse(showOfHandsBody, input, 'show of hands');
    return this.ds.transaction(async (m) => {
      const meeting = await this.lockMeeting(m, actor.tenantId, meetingId);
      refuseBeforeTheMeeting(
        'the show of hands',
        'SHOW_OF_HANDS_BEFORE_THE_MEETING',
        meeting,
        this.today(),
      );
      const rules = await this.rulesOf(m, actor.tenantId, meeting);
      const record = await this.repo.record(m, actor.tenantId, meeting);
      const item = record.items.find((i) => i.id === itemId);
      if (!item) throw new AgendaItemNotFoundError(itemId);
      this.refuseIfDecided(record.outcomes, item);
      const a = assessItem(record, rules, item);
      if (!a.notices.ok) {
        const failed = a.notices.verdicts.filter((v) => !v.met);
        throw new GovernanceRuleError(
          failed[0].code,
          `"${item.title}" cannot be decided at this meeting: a notice rule is not met.`,
          failed.flatMap((v) => v.explanation),
        );
      }
      if (a.quorum.refusal)
        throw new GovernanceRuleError(
          a.quorum.refusal,
          'The recorded attendance no longer fits the body’s members: record it again.',
          a.quorum.explanation,
        );
      // Hands come only from the body's members and their substitutes in the attendance.
      const claim = { attendance: record.attendance, declarations: [], hands: b.hands };
      refuseUnlessBodysPeople(
        await this.bodyOn(m, actor.tenantId, meeting, claim),
        meeting,
        claim,
        'The show of hands is refused',
      );
      const d = decideVote(rules.decision, {
        quorum: { quorate: a.quorum.quorate, roll: a.quorum.roll },
        hands: b.hands,
        chairChoice: b.chairChoice,
      });
      if (!d.ok)
        throw new GovernanceRuleError(
          d.code,
          `The show of hands is refused: ${d.explanation[d.explanation.length - 1]}.`,
          d.code === 'VOTE_WHEN_INQUORATE'
            ? [...d.explanation, ...a.quorum.explanation]
            : d.explanation,
        );
      if (d.outcome === 'inquorate')
        throw new GovernanceRuleError(
          'VOTE_WHEN_INQUORATE',
          'The meeting is not quorate for this item: no vote can be taken.',
          [...d.explanation, ...a.quorum.explanation],
        );
      const outcome = OUTCOME[d.outcome];
      // The linked case takes the same outcome, or the show of hands is refused whole.
      const carried = await this.bridge.carry(
        m,
        actor,
        record,
        item,
        { hands: b.hands, chairChoice: b.chairChoice },
        { expectedCaseVersion: b.expectedCaseVersion },
      );
      if (!carried && b.expectedCaseVersion !== undefined)
        throw new InvalidInputError(
          'expectedCaseVersion is for an item linked to a case that takes meeting outcomes.',
          [{ path: 'expectedCaseVersion', message: 'leave it out: no case takes this outcome' }],
        );
      for (const h of b.hands)
        await m.query(
          `INSERT INTO votes (tenant_id, meeting_id, item_id, person_id, hand) VALUES ($1, $2, $3, $4, $5)`,
          [actor.tenantId, meetingId, itemId, h.personId, h.hand],
        );
      await m.query(
        `INSERT INTO item_outcomes (tenant_id, meeting_id, item_id, outcome, tally, explanation, quorum_explanation, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          actor.tenantId,
          meetingId,
          itemId,
          outcome,
          JSON.stringify(d.tally),
          JSON.stringify(d.explanation),
          JSON.stringify(a.quorum.explanation),
          by,
          this.clock.now(),
        ],
      );
      return outcome;
    });
  }

  /** Workflow 7: the previous meeting's minutes approved as a correct record, with amendments. */
  async approveMinutes(meetingId: string, input: unknown, actor: Actor): Promise<void> {
    const by = officerOnly(actor, 'Approval of minutes');
    const b = parse(minutesBody, input, 'minutes approval');
    await this.ds.transaction(async (m) => {
      const meeting = await this.lockMeeting(m, actor.tenantId, meetingId);
      refuseBeforeTheMeeting(
        'the approval of the minutes',
        'MINUTES_APPROVED_BEFORE_THE_MEETING',
        meeting,
        this.today(),
      );
      const previous = await this.repo.meeting(m, actor.tenantId, b.previousMeetingId);
      if (!previous) throw new MeetingNotFoundError(b.previousMeetingId);
      if (previous.bodyId !== meeting.bodyId)
        throw new GovernanceRuleError(
          'MINUTES_OF_ANOTHER_BODY',
          `A body approves its own minutes: ${previous.title} was a meeting of ${previous.bodyName}.`,
          [`${meeting.bodyName} cannot approve the minutes of ${previous.bodyName}`],
        );
      if (previous.meetingDate >= meeting.meetingDate)
        throw new GovernanceRuleError(
          'MINUTES_NOT_OF_AN_EARLIER_MEETING',
          'Only the minutes of an earlier meeting can be approved.',
          [`${previous.title} on ${previous.meetingDate} is not before ${meeting.meetingDate}`],
        );
      const done: unknown[] = await m.query(
        'SELECT 1 FROM minutes_approvals WHERE tenant_id = $1 AND previous_meeting_id = $2',
        [actor.tenantId, previous.id],
      );
      if (done.length > 0)
        throw new GovernanceRuleError(
          'MINUTES_ALREADY_APPROVED',
          `The minutes of ${previous.title} were already approved as a correct record.`,
          ['minutes are approved once; a later correction is a new minute'],
        );
      const rules = await this.rulesOf(m, actor.tenantId, meeting);
      const record = await this.repo.record(m, actor.tenantId, meeting);
      const q = quorumFor(record, rules, null);
      if (!q.quorate)
        throw new GovernanceRuleError(
          'MINUTES_WHEN_INQUORATE',
          'The meeting is not quorate: it cannot approve minutes.',
          q.explanation,
        );
      await m.query(
        `INSERT INTO minutes_approvals (tenant_id, meeting_id, previous_meeting_id, amendments, quorum_explanation, recorded_by, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [
          actor.tenantId,
          meetingId,
          previous.id,
          JSON.stringify(b.amendments),
          JSON.stringify(q.explanation),
          by,
          this.clock.now(),
        ],
      );
    });
  }

  /**
   * The meeting as `actor` may read it (the API): a private (Part 2) item's content only for those
   * the read policy entitles to it (libs/engine/case-read-policy.service.ts).
   */
  async viewFor(actor: Actor, meetingId: string) {
    const view = await this.view(actor.tenantId, meetingId);
    const reader = await this.readPolicy.readerFor(actor);
    return { ...view, agenda: await this.readPolicy.agendaFor(reader, view.agenda) };
  }

  /** The meeting as officers read it: agenda with notices, live quorum, interests, hands, outcomes. */
  async view(tenantId: string, meetingId: string) {
    const m = this.ds.manager;
    const meeting = await this.repo.meeting(m, tenantId, meetingId);
    if (!meeting) throw new MeetingNotFoundError(meetingId);
    const rules = await this.rulesOf(m, tenantId, meeting);
    const record = await this.repo.record(m, tenantId, meeting);
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
      publishAgendaBy: deadlinesOf({ keyDecision: false, part2Reasons: null }).report,
      quorumRule: rules.quorum,
      decisionRule: rules.decision,
      members: record.members,
      attendance: record.attendance.map((a) => ({
        ...a,
        substituteForName: a.substituteFor ? nameOf(a.substituteFor) : undefined,
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

  /** The meeting's body on its date, from the directory, with the people `claim` names. */
  private async bodyOn(
    m: EntityManager,
    tenantId: string,
    meeting: MeetingRow,
    claim: Omit<MeetingPeopleClaim, 'meetingDate'>,
  ): Promise<BodyOnDate> {
    const dir = await this.bodyRepo.onDate(
      m,
      tenantId,
      { bodyId: meeting.bodyId },
      meeting.meetingDate,
      personIdsNamedIn(claim),
    );
    if (!dir) throw new MeetingNotFoundError(meeting.id);
    return bodySeatsOn(dir);
  }

  /** Today in London, by the engine's clock. */
  private today(): string {
    return londonDate(this.clock.now());
  }

  private async lockMeeting(m: EntityManager, tenantId: string, id: string): Promise<MeetingRow> {
    const meeting = await this.repo.meeting(m, tenantId, id, true);
    if (!meeting) throw new MeetingNotFoundError(id);
    return meeting;
  }

  /** The meeting's body's own stored rules: every body's meetings are held under its rules. */
  private async rulesOf(
    m: EntityManager,
    tenantId: string,
    meeting: MeetingRow,
  ): Promise<MeetingRules> {
    const body = await this.bodyRepo.rulesOf(m, tenantId, meeting.bodyId);
    if (!body?.rules) throw noRules(meeting.bodyName);
    return meetingRulesOf(body.name, body.rules);
  }

  private refuseIfDecided(
    outcomes: { itemId: string; outcome: string }[],
    item: { id: string; title: string },
  ) {
    const done = outcomes.find((o) => o.itemId === item.id);
    if (done)
      throw new GovernanceRuleError(
        'ITEM_ALREADY_DECIDED',
        `"${item.title}" already has its outcome (${done.outcome}): add a new agenda item to reconsider it.`,
        [`the show of hands on "${item.title}" was recorded with the outcome ${done.outcome}`],
      );
  }
}

/** The dates of the lawful routes around a notice: each agreed or published by now. */
function refuseImpossibleRoutes(r: NoticeRoutes | undefined, today: string, prefix = ''): void {
  if (!r) return;
  refuseImpossibleDate(
    `${prefix}generalException.scrutinyChairToldInWritingOn`,
    'telling the scrutiny chair in writing',
    r.generalException?.scrutinyChairToldInWritingOn,
    today,
  );
  refuseImpossibleDate(
    `${prefix}generalException.noticePublishedOn`,
    'the general exception notice',
    r.generalException?.noticePublishedOn,
    today,
  );
  refuseImpossibleDate(
    `${prefix}specialUrgency.agreedOn`,
    'the special urgency agreement',
    r.specialUrgency?.agreedOn,
    today,
  );
  refuseImpossibleDate(
    `${prefix}privateUrgency.agreedOn`,
    'the agreement that the private item is urgent',
    r.privateUrgency?.agreedOn,
    today,
  );
}

function noRules(bodyName: string): GovernanceRuleError {
  return new GovernanceRuleError(
    'NO_QUORUM_RULE',
    `${bodyName} has no rules (quorum, decision, notices) in the directory, so its meetings cannot be recorded here: an administrator gives the body its rules first.`,
    [`${bodyName} has no quorum rule in the council’s directory`],
  );
}

/** Refuses, writing nothing, a record naming anyone but the body's members and allowed substitutes. */
function refuseUnlessBodysPeople(
  body: BodyOnDate,
  meeting: MeetingRow,
  claim: Omit<MeetingPeopleClaim, 'meetingDate'>,
  what: string,
): void {
  const v = checkMeetingPeople(body, { ...claim, meetingDate: meeting.meetingDate });
  if (!v.ok)
    throw new GovernanceRuleError(
      v.code,
      `${what}: ${v.explanation.join('; ')}. Nothing was recorded.`,
      v.explanation,
    );
}

function describeQuorum(q: { quorate: boolean; roll: { counted: boolean }[] }): string {
  return `${plural(q.roll.filter((r) => r.counted).length, 'member')} counted; ${q.quorate ? 'quorate' : 'not quorate'}`;
}
