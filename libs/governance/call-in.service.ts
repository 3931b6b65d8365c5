import { z } from 'zod';
import { CouncilCalendar, describeDay } from './clear-days.service';
import { refuse, type Refusal } from './governance.errors';

/**
 * When a decision may be implemented. A key decision is subject to call-in (Local Government Act
 * 2000 s9F; JCB ToR 6.8 and 10.1, seed 002): it cannot be implemented until the call-in period (a
 * standstill of N working days after publication of the decision; a setting, 5 by default) has
 * passed without call-in, or a call-in has been dealt with. An urgent decision may be exempted from
 * call-in by an authorised approver who records a reason. A decision that is not key is
 * implementable when published.
 */

export const callInSettingsSchema = z.object({
  periodWorkingDays: z.number().int().min(1).max(30).default(5),
  /**
   * Whether key decisions officers take under delegation are subject to call-in, as the council's
   * scrutiny procedure rules say; absent: they are, as the executive's are.
   */
  officerKeyDecisions: z.boolean({ message: 'officerKeyDecisions is true or false' }).optional(),
});

export type CallInSettings = z.infer<typeof callInSettingsSchema>;

export interface CallIn {
  calledInOn: string;
  /** Recorded when the scrutiny committee (or full council) has dealt with it. */
  outcome: {
    recordedOn: string;
    /** Confirmed: implement. Referred back: the decision maker must decide again. */
    result: 'decisionConfirmed' | 'referredBackToDecisionMaker';
  } | null;
}

export interface UrgencyExemption {
  approverPersonId: string;
  approverName: string;
  reason: string;
  /** When the approver agreed; the agreement must come before the decision is published. */
  agreedOn?: string;
}

export interface CallInFacts {
  keyDecision: boolean;
  publishedOn: string;
  callIn: CallIn | null;
  urgencyExemption: UrgencyExemption | null;
  /** Who may exempt a decision from call-in (e.g. the scrutiny chair, the council chair). */
  authorisedUrgencyApproverIds: string[];
}

export type Implementability =
  | {
      ok: true;
      status: 'implementable' | 'awaitingCallInPeriod';
      from: string;
      explanation: string[];
    }
  | {
      ok: true;
      /** Called in and not yet dealt with, or sent back to the decision maker: no date. */
      status: 'suspendedByCallIn' | 'referredBack';
      from: null;
      explanation: string[];
    };

export type UrgencyRefusalCode =
  | 'URGENCY_APPROVER_NOT_AUTHORISED'
  | 'URGENCY_APPROVED_BY_DECISION_MAKER'
  | 'URGENCY_REASON_MISSING'
  | 'URGENCY_AGREED_IN_THE_FUTURE'
  | 'URGENCY_AGREED_BEFORE_NOTICE'
  | 'URGENCY_AGREED_AFTER_PUBLICATION'
  | 'URGENCY_EXEMPTION_OF_NON_KEY_DECISION';

export type CallInRefusalCode =
  | UrgencyRefusalCode
  | 'CALL_IN_BEFORE_PUBLICATION'
  | 'CALL_IN_OUT_OF_TIME'
  | 'CALL_IN_OUTCOME_BEFORE_CALL_IN'
  | 'CALL_IN_OF_EXEMPT_DECISION'
  | 'CALL_IN_OF_NON_KEY_DECISION';

/**
 * The last day of the call-in period and the first day the decision may be implemented, e.g.
 * "published Fri 22 Aug 2025; Mon 25 Aug 2025 is a bank holiday (Summer bank holiday); 5 working
 * days end Mon 1 Sep 2025; implementable from Tue 2 Sep 2025".
 */
export function callInPeriod(
  publishedOn: string,
  calendar: CouncilCalendar,
  settings: Partial<CallInSettings> = {},
): { endsOn: string; implementableFrom: string; explanation: string[] } {
  const { periodWorkingDays } = callInSettingsSchema.parse(settings);
  const end = calendar.addWorkingDays(publishedOn, periodWorkingDays, 'published');
  const implementableFrom = calendar.nextWorkingDay(end.date);
  return {
    endsOn: end.date,
    implementableFrom,
    explanation: [
      ...end.explanation.slice(0, -1),
      `${end.explanation[end.explanation.length - 1]}: the call-in period`,
      `implementable from ${describeDay(implementableFrom)}`,
    ],
  };
}

/**
 * Whether an urgency exemption from call-in stands: a key decision (one that is not key is not
 * subject to call-in), agreed by an authorised approver (the case's bound urgency approver, e.g.
 * the scrutiny chair: JCB ToR 6.10 and 10.1, seed 002), with a reason, before the decision is
 * published (`publishedOn` null: not yet published).
 */
export function checkUrgencyExemption(
  u: UrgencyExemption,
  facts: {
    keyDecision: boolean;
    publishedOn: string | null;
    authorisedUrgencyApproverIds: string[];
    /** The exemption is asked for after the decision was published: too late, whatever its date. */
    askedAfterPublication?: boolean;
    /** Who takes the decision: an exemption is a check on them, never theirs to give. */
    decisionMakerPersonIds?: string[];
    /** The day the exemption is recorded (London): an agreement cannot be recorded before it is given. */
    today?: string;
    /** When the proposed decision was first given notice: urgency is agreed about a known proposal. */
    proposalNoticeOn?: string | null;
  },
): { ok: true; explanation: string[] } | Refusal<UrgencyRefusalCode> {
  if (!facts.keyDecision)
    return refuse('URGENCY_EXEMPTION_OF_NON_KEY_DECISION', [
      'the decision is not a key decision: it is not subject to call-in, so there is nothing to exempt it from',
    ]);
  if (!facts.authorisedUrgencyApproverIds.includes(u.approverPersonId))
    return refuse('URGENCY_APPROVER_NOT_AUTHORISED', [
      `${u.approverName} is not authorised to exempt a decision from call-in on grounds of urgency`,
    ]);
  if (facts.decisionMakerPersonIds?.includes(u.approverPersonId))
    return refuse('URGENCY_APPROVED_BY_DECISION_MAKER', [
      `${u.approverName} takes this decision: the decision maker cannot exempt their own decision from call-in`,
      'the urgency must be agreed by someone independent of the decision (the scrutiny chair)',
    ]);
  if (u.reason.trim().length === 0)
    return refuse('URGENCY_REASON_MISSING', [
      'an urgency exemption from call-in needs the reason recorded',
    ]);
  if (u.agreedOn && facts.today && u.agreedOn > facts.today)
    return refuse('URGENCY_AGREED_IN_THE_FUTURE', [
      `the urgency is said to be agreed ${describeDay(u.agreedOn)}, after today, ${describeDay(facts.today)}`,
      'record an agreement once it has been given',
    ]);
  if (u.agreedOn && facts.proposalNoticeOn && u.agreedOn < facts.proposalNoticeOn)
    return refuse('URGENCY_AGREED_BEFORE_NOTICE', [
      `the urgency is said to be agreed ${describeDay(u.agreedOn)}, before the proposed decision was first given notice on ${describeDay(facts.proposalNoticeOn)}`,
      'urgency is agreed about a proposed decision: check the date of the agreement',
    ]);
  if (facts.publishedOn && facts.askedAfterPublication)
    return refuse('URGENCY_AGREED_AFTER_PUBLICATION', [
      `the decision was published on ${describeDay(facts.publishedOn)}: the call-in period has started`,
      'an exemption from call-in must be agreed before the decision is published',
    ]);
  if (u.agreedOn && facts.publishedOn && u.agreedOn > facts.publishedOn)
    return refuse('URGENCY_AGREED_AFTER_PUBLICATION', [
      `the urgency was agreed ${describeDay(u.agreedOn)}, after the decision was published on ${describeDay(facts.publishedOn)}`,
      'an exemption from call-in must be agreed before the decision is published',
    ]);
  return {
    ok: true,
    explanation: [
      `exempted from call-in as urgent by ${u.approverName}${u.agreedOn ? ` on ${describeDay(u.agreedOn)}` : ''}: "${u.reason.trim()}"`,
    ],
  };
}

/** When the decision may be implemented, as of `today` (YYYY-MM-DD, London). */
export function implementableFrom(
  facts: CallInFacts,
  today: string,
  calendar: CouncilCalendar,
  settings: Partial<CallInSettings> = {},
): Implementability | Refusal<CallInRefusalCode> {
  const status = (from: string) => (today >= from ? 'implementable' : 'awaitingCallInPeriod');
  if (!facts.keyDecision) {
    if (facts.callIn)
      return refuse('CALL_IN_OF_NON_KEY_DECISION', [
        'only key decisions are subject to call-in here: this decision is not key',
      ]);
    return {
      ok: true,
      status: status(facts.publishedOn),
      from: facts.publishedOn,
      explanation: [
        `published ${describeDay(facts.publishedOn)}`,
        'not a key decision: not subject to call-in',
        `implementable from ${describeDay(facts.publishedOn)}`,
      ],
    };
  }
  const u = facts.urgencyExemption;
  if (u) {
    const exemption = checkUrgencyExemption(u, {
      keyDecision: true,
      publishedOn: facts.publishedOn,
      authorisedUrgencyApproverIds: facts.authorisedUrgencyApproverIds,
    });
    if (!exemption.ok) return exemption;
    if (facts.callIn)
      return refuse('CALL_IN_OF_EXEMPT_DECISION', [
        'the decision was exempted from call-in as urgent and cannot be called in',
      ]);
    return {
      ok: true,
      status: status(facts.publishedOn),
      from: facts.publishedOn,
      explanation: [
        `published ${describeDay(facts.publishedOn)}`,
        ...exemption.explanation,
        `implementable from ${describeDay(facts.publishedOn)}`,
      ],
    };
  }
  const period = callInPeriod(facts.publishedOn, calendar, settings);
  const c = facts.callIn;
  if (!c) {
    const from = period.implementableFrom;
    const explanation = [...period.explanation];
    if (today < from)
      explanation.push(
        today > period.endsOn
          ? `as of ${describeDay(today)} the call-in period has passed without call-in`
          : `as of ${describeDay(today)} the call-in period is running; no call-in so far`,
      );
    else explanation.push('the call-in period passed without call-in');
    return { ok: true, status: status(from), from, explanation };
  }
  if (c.calledInOn < facts.publishedOn)
    return refuse('CALL_IN_BEFORE_PUBLICATION', [
      `called in ${describeDay(c.calledInOn)}, before the decision was published on ${describeDay(facts.publishedOn)}`,
    ]);
  if (c.calledInOn > period.endsOn)
    return refuse('CALL_IN_OUT_OF_TIME', [
      ...period.explanation.slice(0, -1),
      `called in ${describeDay(c.calledInOn)}, after the call-in period ended on ${describeDay(period.endsOn)}`,
    ]);
  const explanation = [
    ...period.explanation.slice(0, -1),
    `called in ${describeDay(c.calledInOn)}, within the call-in period: implementation is suspended`,
  ];
  if (!c.outcome) {
    explanation.push('no outcome recorded yet: not implementable until the call-in is dealt with');
    return { ok: true, status: 'suspendedByCallIn', from: null, explanation };
  }
  if (c.outcome.recordedOn < c.calledInOn)
    return refuse('CALL_IN_OUTCOME_BEFORE_CALL_IN', [
      `the outcome is dated ${describeDay(c.outcome.recordedOn)}, before the call-in on ${describeDay(c.calledInOn)}`,
    ]);
  switch (c.outcome.result) {
    case 'referredBackToDecisionMaker':
      explanation.push(
        `outcome recorded ${describeDay(c.outcome.recordedOn)}: referred back to the decision maker, who must decide again; not implementable`,
      );
      return { ok: true, status: 'referredBack', from: null, explanation };
    case 'decisionConfirmed': {
      const from = c.outcome.recordedOn;
      explanation.push(
        `outcome recorded ${describeDay(from)}: the decision stands`,
        `implementable from ${describeDay(from)}`,
      );
      return { ok: true, status: status(from), from, explanation };
    }
  }
}
