import { and, assign, not } from 'xstate';
import { derive, placedBefore } from '../machine-differences.service';
import { notify, remindWhen } from '../workflow-effects.machine';
import type {
  DeadlineKey,
  JcbContext,
  JcbDates,
  JcbEvent,
  JcbInput,
  ShowOfHandsOutcome,
} from './jcb-delegated-decision.context';
import { canonical } from './jcb-delegated-decision.guards';
import { jcbDelegatedDecisionMachine as v1 } from './jcb-delegated-decision.machine';

/**
 * Version 2 of the JCB delegated decision: version 1 (jcb-delegated-decision.machine.ts, unchanged
 * while cases run on it) plus the urgency exemption from call-in, written as its differences
 * (machine-differences.service.ts). Before the decision is published,
 * the case's urgency approver (a role bound to an office, e.g. the Chair of the Health Overview and
 * Scrutiny Panel: JCB ToR 6.10 and 10.1, seed 002) may exempt a key decision from call-in as urgent,
 * with a reason; the Decision Notice then says so, and the decision is implementable on
 * publication instead of after the call-in period. A call-in of an exempt decision is impossible.
 *
 * Pure, xstate and the shared effect vocabulary only (workflow-effects.machine.ts): every rule that
 * needs the calendar, the quorum rule, the delegation's limits or the directory is decided in the
 * template layer before an event reaches this machine; the machine keeps the verdicts, dates and
 * explanations it is given.
 */

export type Role = 'decisionMaker' | 'properOfficer' | 'urgencyApprover' | 'officer';
export type { DeadlineKey, JcbDates, JcbInput, ShowOfHandsOutcome };
/** Plain JSON whatever the key order, for equality: version 1's (the meeting events compare with it). */
export { canonical };

/** The urgency exemption from call-in as agreed: by whom (the role's holder), when, why. */
export interface UrgencyExemptionRecord {
  agreedOn: string;
  reason: string;
  approver: { personId: string; name: string; actingAs: string };
  /** The rule's lines (call-in.service: checkUrgencyExemption). */
  explanation: string[];
}

export interface JcbV2Context extends JcbContext {
  urgencyExemption: UrgencyExemptionRecord | null;
}

export type JcbV2Event =
  | Exclude<JcbEvent, { type: 'SIGN_NOTICE' }>
  | { type: 'SIGN_NOTICE'; role: Role; signedOn: string }
  | {
      type: 'EXEMPT_FROM_CALL_IN';
      agreedOn: string;
      reason: string;
      /** Written by the template: the holder of the urgency approver role, and the rule's lines. */
      approver?: UrgencyExemptionRecord['approver'] | null;
      explanation?: string[];
    };

type Args = { context: JcbV2Context; event: JcbV2Event };

const EXEMPT_FROM_CALL_IN = {
  guard: 'mayExempt',
  actions: [
    'recordExemption',
    notify<Role>('decision-exempted-from-call-in', ['officer', 'decisionMaker']),
  ],
} as const;

export const jcbDelegatedDecisionV2Machine = derive<JcbV2Context, JcbV2Event, JcbInput>(v1, {
  context: (v1Context) => (args) => ({ ...v1Context(args), urgencyExemption: null }),
  actions: {
    recordExemption: assign({
      urgencyExemption: ({ event }: Args) => {
        const e = event as Extract<JcbV2Event, { type: 'EXEMPT_FROM_CALL_IN' }>;
        return {
          agreedOn: e.agreedOn,
          reason: e.reason,
          approver: e.approver!,
          explanation: e.explanation ?? [],
        };
      },
    }),
  },
  guards: {
    /** Only a key decision is subject to call-in; it is exempted once, by the approver's holder. */
    mayExempt: ({ context, event }: Args) =>
      event.type === 'EXEMPT_FROM_CALL_IN' &&
      context.notices?.keyDecision === true &&
      context.urgencyExemption === null &&
      !!event.approver &&
      event.reason.trim().length > 0,
    exempt: ({ context }: Args) => context.urgencyExemption !== null,
    /** The urgency was agreed before (or on the day of) publication. */
    publishedAfterExemption: ({ context, event }: Args) =>
      event.type === 'RECORD_PUBLICATION' &&
      context.urgencyExemption !== null &&
      event.publishedOn >= context.urgencyExemption.agreedOn,
  },
  // The urgency may be agreed once the Board has reached consensus, before publication.
  addedTransitions: {
    awaitingDecision: {
      EXEMPT_FROM_CALL_IN: placedBefore('RECORD_DECISION', EXEMPT_FROM_CALL_IN),
    },
    signing: { EXEMPT_FROM_CALL_IN },
    awaitingPublication: {
      EXEMPT_FROM_CALL_IN: placedBefore('RECORD_PUBLICATION', EXEMPT_FROM_CALL_IN),
    },
  },
  replacedTransitions: {
    // A reminder says how many working days remain.
    beforeMeeting: { REMINDER_DUE: remindWhen<Role>('meeting', 'meeting-reminder', ['officer']) },
    awaitingPublication: {
      RECORD_PUBLICATION: [
        {
          // Exempted from call-in as urgent: implementable on publication.
          guard: and([
            'publishedAfterDecision',
            'keyDecision',
            'exempt',
            'publishedAfterExemption',
          ]),
          target: 'implementable',
          actions: [
            'recordPublication',
            assign({
              implementableOn: ({ context }: Args) => context.publication!.publishedOn,
            }),
            notify<Role>('decision-published', ['officer']),
          ],
        },
        {
          guard: and(['publishedAfterDecision', 'keyDecision', not('exempt')]),
          target: 'callInPeriod',
          actions: ['recordPublication', notify<Role>('decision-published', ['officer'])],
        },
        {
          // Not a key decision: not subject to call-in, implementable on publication.
          guard: and(['publishedAfterDecision', not('keyDecision')]),
          target: 'implementable',
          actions: [
            'recordPublication',
            assign({
              implementableOn: ({ context }: Args) => context.publication!.publishedOn,
            }),
          ],
        },
      ],
    },
  },
});
