import { assign } from 'xstate';
import { derive, placedBefore } from '../machine-differences.service';
import { notify } from '../workflow-effects.machine';
import {
  jcbDelegatedDecisionV2Machine as v2,
  type UrgencyExemptionRecord,
} from './jcb-delegated-decision-v2.machine';
import type {
  DeadlineKey,
  JcbContext,
  DecisionRecord,
  JcbDates,
  JcbEvent,
  JcbInput,
  ShowOfHandsOutcome,
} from './jcb-delegated-decision.context';

/**
 * Version 3 of the JCB delegated decision: version 2 (jcb-delegated-decision-v2.machine.ts,
 * unchanged while cases run on it) and its differences (machine-differences.service.ts), with the decision and the Decision Notice answered from
 * emailed links, as members answer everything else. After the Board's consensus the officer drafts
 * the decision from the report (DRAFT_DECISION); the decision maker is emailed it and takes it
 * (APPROVE, dated the day they answer) or declines it with reasons (DECLINE: back to the officer).
 * The decision maker and the Proper Officer are then emailed the Decision Notice to sign (APPROVE)
 * or to decline with reasons (DECLINE: the decision and its signatures are set aside and the
 * officer drafts again). RECORD_DECISION and SIGN_NOTICE through the API work as in version 2.
 *
 * Pure, xstate and the shared effect vocabulary only (workflow-effects.machine.ts): the delegation
 * check, the dates and the Cabinet members agreeing are decided in the template layer.
 */

export type Role = 'decisionMaker' | 'properOfficer' | 'urgencyApprover' | 'officer';
export type { DeadlineKey, JcbDates, JcbInput, ShowOfHandsOutcome, UrgencyExemptionRecord };

/** The decision as the officer drafted it for the decision maker: everything but its date. */
export type DecisionDraft = Omit<DecisionRecord, 'decidedOn'>;

/** A decision or a notice declined from its link: by whom, when, why. */
export interface Declined {
  role: 'decisionMaker' | 'properOfficer';
  on: string;
  reasons: string;
  step: 'decision' | 'notice';
}

export interface JcbV3Context extends JcbContext {
  urgencyExemption: UrgencyExemptionRecord | null;
  draft: DecisionDraft | null;
  declined: Declined[];
}

export type JcbV3Event =
  | Exclude<JcbEvent, { type: 'SIGN_NOTICE' }>
  | { type: 'SIGN_NOTICE'; role: Role; signedOn: string }
  | ({ type: 'DRAFT_DECISION' } & Omit<DecisionDraft, 'delegationCheck'> & {
        delegationCheck?: string[];
      })
  /** From the emailed link: take the drafted decision, or sign the notice; dated by the template. */
  | { type: 'APPROVE'; role: Role; on: string; comments?: string; delegationCheck?: string[] }
  | { type: 'DECLINE'; role: Role; on: string; reasons: string }
  | {
      type: 'EXEMPT_FROM_CALL_IN';
      agreedOn: string;
      reason: string;
      /** Written by the template: the holder of the urgency approver role, and the rule's lines. */
      approver?: UrgencyExemptionRecord['approver'] | null;
      explanation?: string[];
    };

type Args = { context: JcbV3Context; event: JcbV3Event };

/** The decision maker records the decision through the API, as in version 2, draft or none. */
const RECORD_DECISION = {
  guard: 'agreedInTheRoom',
  target: '#jcb.signing',
  actions: [
    'recordDecision',
    notify<Role>('notice-signature-requested', ['decisionMaker', 'properOfficer']),
  ],
} as const;

const EXEMPT_FROM_CALL_IN = {
  guard: 'mayExempt',
  actions: [
    'recordExemption',
    notify<Role>('decision-exempted-from-call-in', ['officer', 'decisionMaker']),
  ],
} as const;

export const jcbDelegatedDecisionV3Machine = derive<JcbV3Context, JcbV3Event, JcbInput>(v2, {
  context: (v2Context) => (args) => ({ ...v2Context(args), draft: null, declined: [] }),
  actions: {
    recordDecision: assign({
      decision: ({ event }: Args) => {
        const e = event as Extract<JcbV3Event, { type: 'RECORD_DECISION' }>;
        return {
          decidedOn: e.decidedOn,
          decision: e.decision,
          reasons: e.reasons,
          alternativesRejected: e.alternativesRejected,
          amount: e.amount ?? null,
          actingAs: e.actingAs,
          cabinetMembersAgreeing: e.cabinetMembersAgreeing ?? [],
          delegationCheck: e.delegationCheck ?? [],
        };
      },
      signatures: { decisionMaker: null, properOfficer: null },
    }),
    recordDraft: assign({
      draft: ({ event }: Args) => {
        const e = event as Extract<JcbV3Event, { type: 'DRAFT_DECISION' }>;
        return {
          decision: e.decision,
          reasons: e.reasons,
          alternativesRejected: e.alternativesRejected,
          amount: e.amount ?? null,
          actingAs: e.actingAs,
          cabinetMembersAgreeing: e.cabinetMembersAgreeing ?? [],
          delegationCheck: e.delegationCheck ?? [],
        };
      },
    }),
    /** The decision maker takes the draft as it stands, on the day they answer. */
    decideFromDraft: assign({
      decision: ({ context, event }: Args) => ({
        ...context.draft!,
        decidedOn: (event as Extract<JcbV3Event, { type: 'APPROVE' }>).on,
        delegationCheck:
          (event as Extract<JcbV3Event, { type: 'APPROVE' }>).delegationCheck ??
          context.draft!.delegationCheck,
      }),
      signatures: { decisionMaker: null, properOfficer: null },
    }),
    signFromLink: assign({
      signatures: ({ context, event }: Args) =>
        event.type === 'APPROVE' &&
        (event.role === 'decisionMaker' || event.role === 'properOfficer')
          ? { ...context.signatures, [event.role]: event.on }
          : context.signatures,
    }),
    recordDecline: assign({
      declined: ({ context, event }: Args) => {
        const e = event as Extract<JcbV3Event, { type: 'DECLINE' }>;
        return [
          ...context.declined,
          {
            role: e.role as Declined['role'],
            on: e.on,
            reasons: e.reasons,
            step: context.decision ? ('notice' as const) : ('decision' as const),
          },
        ];
      },
    }),
    /** A declined notice: the decision and its signatures are set aside, the officer drafts again. */
    setAside: assign(({ context }: Args) => ({
      earlierDecisions: context.decision
        ? [...context.earlierDecisions, context.decision]
        : context.earlierDecisions,
      decision: null,
      draft: null,
      signatures: { decisionMaker: null, properOfficer: null },
    })),
  },
  guards: {
    /** The decision maker takes a draft the delegation allows, on or after the meeting. */
    draftTaken: ({ context, event }: Args) =>
      event.type === 'APPROVE' &&
      event.role === 'decisionMaker' &&
      context.draft !== null &&
      context.showOfHands !== null &&
      event.on >= context.showOfHands.meetingDate &&
      (event.delegationCheck ?? context.draft.delegationCheck).length > 0,
    /** The Cabinet members a draft names agreeing must have shown a hand for. */
    draftAgreedInTheRoom: ({ context, event }: Args) => {
      if (event.type !== 'DRAFT_DECISION' || !context.showOfHands) return false;
      const handsFor = new Set(
        context.showOfHands.hands.filter((h) => h.hand === 'for').map((h) => h.personId),
      );
      return (
        (event.delegationCheck ?? []).length > 0 &&
        (event.cabinetMembersAgreeing ?? []).every((p) => handsFor.has(p))
      );
    },
    /** A decline with reasons, from someone who has not already signed the notice. */
    declinedBy: ({ context, event }: Args, params: { role: 'decisionMaker' | 'properOfficer' }) =>
      event.type === 'DECLINE' &&
      event.role === params.role &&
      event.reasons.trim().length > 0 &&
      context.signatures[params.role] === null,
    signedFromLinkBy: ({ event }: Args, params: { role: 'decisionMaker' | 'properOfficer' }) =>
      event.type === 'APPROVE' && event.role === params.role,
  },
  replacedTransitions: {
    // Consensus: the officer drafts the decision first.
    'beforeMeeting.showOfHands': {
      RECORD_SHOW_OF_HANDS: (v2Hands: unknown[]) => [
        {
          guard: { type: 'handsOf', params: { outcome: 'consensus' } },
          target: '#jcb.draftingDecision',
          actions: ['recordHands', notify<Role>('decision-to-draft', ['officer'])],
        },
        ...v2Hands.slice(1),
      ],
    },
    // Referred back after call-in: drafted afresh.
    'callInPeriod.suspended': {
      RECORD_CALL_IN_OUTCOME: ([confirmed]: unknown[]) => [
        confirmed,
        {
          guard: {
            type: 'outcomeAfterCallIn',
            params: { result: 'referredBackToDecisionMaker' },
          },
          target: '#jcb.draftingDecision',
          actions: [
            'recordOutcome',
            assign(({ context }: Args) => ({
              earlierDecisions: [...context.earlierDecisions, context.decision!],
              decision: null,
              draft: null,
              publication: null,
              signatures: { decisionMaker: null, properOfficer: null },
            })),
            notify<Role>('decision-referred-back', ['decisionMaker', 'officer']),
          ],
        },
      ],
    },
  },
  addedStates: {
    draftingDecision: placedBefore('awaitingDecision', {
      on: {
        // The urgency may be agreed once the Board has reached consensus, before the decision.
        EXEMPT_FROM_CALL_IN,
        DRAFT_DECISION: {
          guard: 'draftAgreedInTheRoom',
          target: 'awaitingDecision',
          actions: 'recordDraft',
        },
        RECORD_DECISION,
      },
    }),
  },
  replacedStates: {
    awaitingDecision: {
      entry: notify<Role>('decision-requested', ['decisionMaker']),
      on: {
        EXEMPT_FROM_CALL_IN,
        // A redraft asks the decision maker afresh (their earlier link is superseded).
        DRAFT_DECISION: {
          guard: 'draftAgreedInTheRoom',
          target: 'awaitingDecision',
          reenter: true,
          actions: 'recordDraft',
        },
        APPROVE: {
          guard: 'draftTaken',
          target: 'signing',
          actions: [
            'decideFromDraft',
            notify<Role>('notice-signature-requested', ['decisionMaker', 'properOfficer']),
          ],
        },
        DECLINE: {
          guard: { type: 'declinedBy', params: { role: 'decisionMaker' } },
          target: 'draftingDecision',
          actions: [
            'recordDecline',
            assign({ draft: null }),
            notify<Role>('decision-declined', ['officer']),
          ],
        },
        RECORD_DECISION,
      },
    },
  },
  addedTransitions: {
    // Either signatory may decline the notice with reasons: the decision is set aside.
    signing: {
      DECLINE: [
        {
          guard: { type: 'declinedBy', params: { role: 'decisionMaker' } },
          target: 'draftingDecision',
          actions: ['recordDecline', 'setAside', notify<Role>('notice-declined', ['officer'])],
        },
        {
          guard: { type: 'declinedBy', params: { role: 'properOfficer' } },
          target: 'draftingDecision',
          actions: ['recordDecline', 'setAside', notify<Role>('notice-declined', ['officer'])],
        },
      ],
    },
    // Each signatory signs the notice from the emailed link too.
    'signing.decisionMaker.awaiting': {
      APPROVE: {
        guard: { type: 'signedFromLinkBy', params: { role: 'decisionMaker' } },
        target: 'signed',
        actions: 'signFromLink',
      },
    },
    'signing.properOfficer.awaiting': {
      APPROVE: {
        guard: { type: 'signedFromLinkBy', params: { role: 'properOfficer' } },
        target: 'signed',
        actions: 'signFromLink',
      },
    },
  },
});
