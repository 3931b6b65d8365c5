import { z } from 'zod';
import { callInPeriod } from '../../governance/call-in.service';
import {
  CABINET_MEMBER_SPEND_CONDITION,
  checkDecisionUnderDelegation,
  type Delegation,
} from '../../governance/delegation-limits.service';
import {
  checkNotices,
  generalExceptionSchema,
  urgencyAgreementSchema,
} from '../../governance/notices.service';
import { JCB_QUORUM } from '../../governance/quorum.service';
import type { MeetingPeopleClaim } from '../../governance/meeting-people.service';
import { councilRules } from '../council-context.service';
import type { WorkflowTemplate } from '../workflow.template';
import { jcbDelegatedDecisionMachine, type JcbContext } from './jcb-delegated-decision.machine';
import { jcbMeetingEvents } from './jcb-meeting-events.service';
import { buildDecisionNotice } from './decision-notice.service';
import { jcbMeetingPayloads } from './jcb-meeting-payloads.service';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { jcbDelegatedDecisionEmails } from './jcb-delegated-decision.emails';

/**
 * The JCB delegated decision's rules, applied to each event's payload before the machine sees it:
 * a refusal is a validation issue whose message starts with the rule's stable code ("INQUORATE:
 * …"), which the engine returns as 422 INVALID_INPUT with the message in `problems`. What the rules
 * compute (verdicts, the quorum, the call-in dates) is written into the payload for the machine.
 */

const isoDate = calendarDate('use a calendar date such as 2021-11-16', 'not a real date');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);
const personId = z.string().trim().min(1, 'give the person id').max(100);

/** The kind of decision the JCB delegation covers (the delegation's scope in the directory). */
export const JCB_DECISION_SCOPE = 'jcb-delegated-decision';
const PARTNERS = ['council', 'ccg'];
/** The item a case is about, as the interest rules name it; dispensations cover it by this id. */
export const JCB_ITEM_ID = 'item';

const verdict = z.object({ code: z.string(), met: z.boolean(), explanation: z.array(z.string()) });

const refused = (ctx: z.RefinementCtx, code: string, explanation: string[], path: string[] = []) =>
  ctx.addIssue({
    code: 'custom',
    message: `${code}: ${explanation.map((l) => l.trim()).join('; ')}`,
    path,
  });

// ---- notices (ToR 6.8, 6.10; 2012 Regulations regs 5, 7, 9-11) ----

const noticesPayload = z
  .object({
    meetingDate: isoDate,
    itemTitle: text('item title'),
    keyDecision: z.boolean({ message: 'say whether it is a key decision (true or false)' }),
    forwardPlanPublishedOn: isoDate.nullable().optional(),
    reportPublishedOn: isoDate.nullable().optional(),
    lateItemSpecialCircumstances: text('special circumstances').nullable().optional(),
    /** The general exception (reg 10) or special urgency (reg 11) when the forward plan notice fell short. */
    generalException: generalExceptionSchema.nullable().optional(),
    specialUrgency: urgencyAgreementSchema.nullable().optional(),
    privateItem: z
      .object({
        noticePublishedOn: isoDate.nullable(),
        reasons: text('reasons').nullable(),
        urgency: urgencyAgreementSchema.nullable().optional(),
      })
      .strict()
      .nullable()
      .optional(),
    /** Written by the template: the notice rules' verdicts. */
    verdicts: z.array(verdict).optional(),
  })
  .strict();

type NoticesPayload = z.infer<typeof noticesPayload>;

function noticeVerdicts(p: NoticesPayload) {
  return checkNotices(
    {
      itemTitle: p.itemTitle,
      meetingOn: p.meetingDate,
      keyDecision: p.keyDecision,
      forwardPlanPublishedOn: p.forwardPlanPublishedOn ?? null,
      generalException: p.generalException ?? null,
      specialUrgency: p.specialUrgency ?? null,
      reportPublishedOn: p.reportPublishedOn ?? null,
      lateItemSpecialCircumstances: p.lateItemSpecialCircumstances ?? null,
      privateItem: p.privateItem
        ? {
            noticePublishedOn: p.privateItem.noticePublishedOn,
            reasons: p.privateItem.reasons,
            urgency: p.privateItem.urgency ?? null,
          }
        : null,
    },
    councilRules().calendar,
  );
}

// ---- the meeting: attendance, declarations, quorum, show of hands (ToR 7.1, 8.1-8.3, 11.1) ----

const SEED_MEETING = jcbMeetingPayloads({
  partner: z.enum(['council', 'ccg'], { message: 'partner must be council or ccg' }),
  quorum: () => JCB_QUORUM,
  blocs: () => PARTNERS,
});
export const assessMeeting = SEED_MEETING.assessMeeting;
export type MeetingFactsInput = z.input<typeof SEED_MEETING.meetingFacts>;
const { attendancePayload, handsPayload } = SEED_MEETING;

/**
 * The people a meeting event names (RECORD_ATTENDANCE, RECORD_SHOW_OF_HANDS; every version), read
 * off the payload as sent: the engine checks them against the Board's seats in the directory on the
 * meeting date before the payload's own rules run, so that an attendance, a declaration or a hand
 * from someone who is neither a member nor a substitute allowed for a member's seat is refused as
 * such, and the members the payload lists (whose partners the quorum counts) are the Board's real
 * seats. Read loosely (no rules, unknown fields ignored): a payload this cannot read is left to
 * the template's validation, which refuses it.
 */
const meetingPeopleRead = z.object({
  meeting: z.object({
    meetingDate: isoDate,
    members: z.array(z.object({ personId: z.string(), name: z.string(), partner: z.string() })),
    attendance: z.array(
      z.object({
        personId: z.string(),
        name: z.string(),
        status: z.enum(['present', 'apologies', 'absent']),
        substituteFor: z.string().optional(),
      }),
    ),
    declarations: z.array(z.object({ personId: z.string() })).default([]),
  }),
  hands: z.array(z.object({ personId: z.string() })).default([]),
});

export function jcbMeetingPeople(type: string, payload: unknown): MeetingPeopleClaim | null {
  if (type !== 'RECORD_ATTENDANCE' && type !== 'RECORD_SHOW_OF_HANDS') return null;
  const read = meetingPeopleRead.safeParse(payload);
  if (!read.success) return null;
  const { meeting, hands } = read.data;
  return {
    meetingDate: meeting.meetingDate,
    members: meeting.members,
    attendance: meeting.attendance,
    declarations: meeting.declarations,
    hands,
  };
}

// ---- the decision under delegation (ToR 8.1, 8.4; report para 28: £2M, all 3 Cabinet members) ----

/** The JCB delegation's terms by the decision maker's seat. */
export function jcbDelegation(actingAs: 'cabinetMember' | 'ccgMember'): Delegation {
  const cabinet = actingAs === 'cabinetMember';
  return {
    id: `jcb-${actingAs}`,
    grantor: cabinet ? 'Cabinet (Financial Procedure Rules)' : 'CCG Governing Body',
    delegate: {
      kind: 'person',
      personId: 'delegate',
      name: cabinet
        ? 'the Cabinet member holding the JCB delegation'
        : 'the CCG Governing Body member holding the JCB delegation',
    },
    scope: [JCB_DECISION_SCOPE],
    amountLimit: cabinet ? 2_000_000 : null,
    conditions: cabinet
      ? [{ kind: 'requiresJcbConsensus' }, CABINET_MEMBER_SPEND_CONDITION]
      : [{ kind: 'requiresJcbConsensus' }],
    validFrom: new Date('2000-01-01T00:00:00Z'),
    validUntil: null,
    revokedAt: null,
    grantedUnderDelegationId: null,
    reference: cabinet
      ? 'JCB ToR 8.1 and report para 28: a Cabinet member may commit up to £2M when all 3 Cabinet members on the Board agree'
      : 'JCB ToR 8.1: decisions under delegation only after the Board’s consensus',
  };
}

type DecisionPayload = {
  decidedOn: string;
  amount?: number | null;
  actingAs: 'cabinetMember' | 'ccgMember';
  cabinetMembersAgreeing: string[];
};

/**
 * The terms the decision is checked against: the delegation that fills the decision maker's role,
 * as the directory stores it (its limit and conditions are data, not code). Outside a case (a
 * payload checked on its own), the seed's terms for the seat named in `actingAs`.
 */
function delegationOfCase(p: DecisionPayload): Delegation {
  const directory = councilRules().directory;
  const binding = directory?.roles.decisionMaker;
  const stored =
    binding?.kind === 'delegation'
      ? directory?.delegations.find((d) => d.id === binding.delegationId)
      : undefined;
  if (!stored) return jcbDelegation(p.actingAs);
  return {
    id: stored.id,
    grantor: stored.delegatorBodyName,
    delegate: { kind: 'person', personId: 'delegate', name: stored.delegateOfficeTitle },
    scope: [stored.scope],
    amountLimit: stored.amountLimit ?? null,
    conditions: (stored.conditions ?? []) as Delegation['conditions'],
    validFrom: stored.validFrom,
    validUntil: stored.validUntil,
    revokedAt: stored.revokedAt,
    grantedUnderDelegationId: null,
    reference: stored.reference,
  };
}

/** The decision checked against its delegation (shared with version 3's drafts). */
export function delegationCheck(p: DecisionPayload) {
  return checkDecisionUnderDelegation(delegationOfCase(p), {
    kind: JCB_DECISION_SCOPE,
    amount: p.amount ?? null,
    proposerPersonId: 'report-author',
    deciderPersonId: 'delegate',
    deciderOfficeIds: [],
    at: new Date(`${p.decidedOn}T12:00:00Z`),
    // The machine takes a decision only in the state reached by the Board's consensus.
    evidence: { jcbConsensus: true, cabinetMembersAgreeing: p.cabinetMembersAgreeing },
  });
}

const decisionPayload = z
  .object({
    decidedOn: isoDate,
    decision: text('decision'),
    reasons: text('reasons for the decision'),
    alternativesRejected: z.array(text('alternative considered and rejected')).max(20).default([]),
    amount: z
      .number()
      .nonnegative('the amount is a sum in pounds, 0 or more')
      .nullable()
      .default(null),
    actingAs: z.enum(['cabinetMember', 'ccgMember'], {
      message: 'actingAs is cabinetMember or ccgMember',
    }),
    cabinetMembersAgreeing: z.array(personId).max(10).default([]),
    /** Written by the template: the delegation check, line by line. */
    delegationCheck: z.array(z.string()).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const c = delegationCheck(p);
    if (!c.ok) refused(ctx, c.code, c.explanation, ['amount']);
  })
  .overwrite((p) => ({ ...p, delegationCheck: delegationCheck(p).explanation }));

// ---- publication and call-in (ToR 6.8, 10.1) ----

const publicationPayload = z
  .object({
    publishedOn: isoDate,
    /** Written by the template from callInPeriod(): the last day of call-in and the day after. */
    callInEndsOn: isoDate.optional(),
    implementableFrom: isoDate.optional(),
    explanation: z.array(z.string()).optional(),
  })
  .strict()
  .overwrite((p) => {
    const rules = councilRules();
    const period = callInPeriod(p.publishedOn, rules.calendar, rules.raw.callIn);
    return {
      ...p,
      callInEndsOn: period.endsOn,
      implementableFrom: period.implementableFrom,
      explanation: period.explanation,
    };
  });

const ROLE_WORDS: Record<string, string> = {
  decisionMaker: 'the decision maker',
  properOfficer: 'the Proper Officer',
};

export const jcbDelegatedDecisionV1: WorkflowTemplate = {
  usesCouncilSettings: true,
  id: 'jcb-delegated-decision',
  version: 1,
  title: 'Joint Commissioning Board: decision under delegation',
  machine: jcbDelegatedDecisionMachine,
  decisionNotice: (input) =>
    buildDecisionNotice({ ...input, context: input.context as JcbContext }),
  exemptInformation: (context) => (context as JcbContext).notices?.privateItem ?? null,
  roles: {
    decisionMaker: {
      label: 'Member holding the JCB delegation (decision maker)',
      binding: 'delegation',
      delegationScope: JCB_DECISION_SCOPE,
    },
    properOfficer: { label: 'Proper Officer (Democratic Services)', binding: 'office' },
    officer: { label: 'Democratic support officer', binding: 'officers' },
  },
  dateFields: {
    meetingDate: 'The Board meeting at which the item is to be taken',
  },
  dates: (today) =>
    z
      .object({
        meetingDate: isoDate.refine((d) => d >= today, 'the meeting must not be in the past'),
      })
      .strict(),
  events: {
    RECORD_NOTICES: {
      sendableBy: ['officer'],
      payload: noticesPayload
        .superRefine((p, ctx) => {
          for (const v of noticeVerdicts(p).verdicts.filter((x) => !x.met))
            refused(ctx, v.code, v.explanation);
        })
        .overwrite((p) => ({
          ...p,
          verdicts: noticeVerdicts(p).verdicts.map((v) => ({
            code: v.code,
            met: v.met,
            explanation: v.explanation,
          })),
        })),
      description:
        'Record the forward plan and report publication dates (and any Part 2 notice and reasons); refused when the meeting date breaks a notice rule.',
    },
    RECORD_ATTENDANCE: {
      sendableBy: ['officer'],
      payload: attendancePayload,
      description:
        'Record the members (with partner), who is present, apologies and substitutes, and the declarations of interest; refused when the Board is not quorate.',
    },
    RECORD_SHOW_OF_HANDS: {
      sendableBy: ['officer'],
      payload: handsPayload,
      description:
        'Record each eligible member’s hand (for, against, abstain) for the same attendance; without consensus, the Chair’s choice to defer or refer back.',
    },
    RECONSIDER: {
      sendableBy: ['officer'],
      payload: z
        .object({
          talkedOn: isoDate,
          note: text('what the Chair and partner lead agreed'),
          meetingDate: isoDate,
        })
        .strict(),
      description:
        'After the Chair and the partner lead have talked, bring the deferred item back to a later meeting.',
    },
    RECORD_DECISION: {
      sendableBy: ['decisionMaker'],
      payload: decisionPayload,
      description:
        'Record the decision under the JCB delegation: the decision, reasons, alternatives rejected and the sum committed; refused outside the delegation.',
    },
    SIGN_NOTICE: {
      sendableBy: ['decisionMaker', 'properOfficer'],
      payload: z.object({ signedOn: isoDate }).strict(),
      description:
        'Sign the Decision Notice (the decision maker and the Proper Officer, either order).',
    },
    RECORD_PUBLICATION: {
      sendableBy: ['officer'],
      payload: publicationPayload,
      description:
        'Record the Decision Notice’s publication; the call-in period and the implementable-from date are computed.',
    },
    CALL_IN: {
      sendableBy: ['officer'],
      payload: z
        .object({
          calledInOn: isoDate,
          calledInBy: text('who called it in'),
          reasons: text('reasons'),
        })
        .strict(),
      description: 'Record a call-in within the call-in period: implementation is suspended.',
    },
    RECORD_CALL_IN_OUTCOME: {
      sendableBy: ['officer'],
      payload: z
        .object({
          result: z.enum(['decisionConfirmed', 'referredBackToDecisionMaker'], {
            message: 'result is decisionConfirmed or referredBackToDecisionMaker',
          }),
          recordedOn: isoDate,
          minuteReference: text('minute reference'),
        })
        .strict(),
      description:
        'Record the scrutiny outcome of a call-in: the decision stands, or it goes back to the decision maker.',
    },
    DEADLINE_PASSED: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(['meeting', 'callIn']) }).strict(),
      description: 'A deadline passed (sent by the worker).',
    },
    REMINDER_DUE: {
      sendableBy: ['system'],
      payload: z
        .object({ key: z.enum(['meeting', 'callIn']), workingDaysLeft: z.number().int() })
        .strict(),
      description: 'A reminder fell due (sent by the worker).',
    },
  },
  emails: jcbDelegatedDecisionEmails,
  requestMessages: [],
  linkResponses: {},
  // A meeting's recorded outcome of the case's agenda item is carried into the case.
  meetingEvents: (outcome, current) => jcbMeetingEvents(outcome, current, JCB_ITEM_ID),
  // The meeting is the Board's that granted the decision maker's delegation (ToR 8.1, 8.4).
  meetingPeople: { bodyRole: 'decisionMaker', claimed: jcbMeetingPeople },
  deadlineFor(message, context) {
    const ctx = context as JcbContext;
    if (message.startsWith('meeting')) return ctx.dates.meetingDate;
    if (message === 'decision-published') return ctx.publication?.implementableFrom ?? null;
    return null;
  },
  describe(value, context) {
    const ctx = context as JcbContext;
    const meeting = ctx.dates.meetingDate;
    const late = ctx.overdue?.meeting ? ' (overdue: the meeting date has passed)' : '';
    if (value === 'implementable')
      return {
        summary: `Implementable from ${ctx.implementableOn}: decision taken, notice signed and published`,
        awaiting: [],
      };
    if (value === 'referredBack')
      return {
        summary: 'No consensus: referred back to the parent bodies (ToR 8.3)',
        awaiting: [],
      };
    if (value === 'deferred')
      return {
        summary:
          'No consensus: deferred until the Chair and the partner lead have talked (ToR 8.2)',
        awaiting: ['officer'],
      };
    if (value === 'awaitingDecision')
      return {
        summary:
          ctx.earlierDecisions.length > 0
            ? 'Referred back after call-in: awaiting the decision maker’s fresh decision'
            : 'Consensus reached: awaiting the decision under delegation',
        awaiting: ['decisionMaker'],
      };
    if (value === 'awaitingPublication')
      return { summary: 'Decision Notice signed: awaiting publication', awaiting: ['officer'] };
    const v = value as Record<string, unknown>;
    if (v.beforeMeeting !== undefined) {
      switch (v.beforeMeeting as string) {
        case 'notices':
          return {
            summary: `Awaiting the notice checks for the meeting on ${meeting}${late}`,
            awaiting: ['officer'],
          };
        case 'meeting':
          return {
            summary: `Awaiting attendance and declarations at the meeting on ${meeting}${late}`,
            awaiting: ['officer'],
          };
        default:
          return {
            summary: `Quorate: awaiting the show of hands at the meeting on ${meeting}${late}`,
            awaiting: ['officer'],
          };
      }
    }
    if (v.signing !== undefined) {
      const s = v.signing as Record<string, string>;
      const awaiting = ['decisionMaker', 'properOfficer'].filter((r) => s[r] === 'awaiting');
      return {
        summary: `Awaiting the Decision Notice signature of ${awaiting.map((r) => ROLE_WORDS[r]).join(' and ')}`,
        awaiting,
      };
    }
    if (v.callInPeriod === 'suspended')
      return {
        summary: `Called in on ${ctx.callIn?.calledInOn}: suspended until the outcome is recorded`,
        awaiting: ['officer'],
      };
    return {
      summary: `Published: call-in period ends ${ctx.publication?.callInEndsOn}; implementable from ${ctx.publication?.implementableFrom} if not called in`,
      awaiting: [],
    };
  },
};
