import { assign, setup } from 'xstate';
import { EFFECT_ACTIONS, isDeadlineEvent, notify } from '../workflow-effects.machine';

/**
 * An officer's decision under delegation (reg 13 of the Local Authorities (Executive
 * Arrangements)(Meetings and Access to Information)(England) Regulations 2012), the commonest
 * decision a council takes. The officer running the case describes the matter (key or not, exempt
 * or not, the documents, how to make representations); a key decision is listed in the forward
 * plan, whose publication reaches the case as FORWARD_PLAN_PUBLISHED (libs/forward-plan). The
 * officer holding the delegation may consult a Cabinet member, then decides; the record (decision,
 * date, reasons, alternatives rejected, conflicts and dispensations of those consulted, background
 * papers) is published to the register. A key decision is then subject to call-in when the
 * council's settings say so; otherwise it is implementable when published.
 *
 * The rules (the 28 clear days, the exception routes, call-in) are applied to the payloads by the
 * template; the machine records what was accepted. Pure: effects are declared as actions.
 */

export type Role = 'officer' | 'decisionMaker';

export interface Matter {
  summary: string;
  keyDecision: boolean;
  /** Why it is key (reg 8: significant spending or savings, or effect on communities). */
  keyDecisionReasons: string | null;
  documents: string[];
  /** Why information in it is exempt (Schedule 12A), null: none is. */
  exemptReasons: string | null;
  representations: string;
}

export interface Consultation {
  name: string;
  actingAs: string;
  consultedOn: string;
  views: string;
  conflict: string | null;
  dispensation: { grantedBy: string; grantedOn: string; reference: string } | null;
}

export interface OfficerDecision {
  decision: string;
  decidedOn: string;
  reasons: string;
  alternativesRejected: string[];
  backgroundPapers: string[];
  /** The key-decision rule's verdict (written by the template): the forward plan or an exception route. */
  keyDecisionCheck: string[];
}

export interface Publication {
  publishedOn: string;
  /** Null when the decision is not subject to call-in (not key, or the council's settings). */
  callIn: { endsOn: string; implementableFrom: string; explanation: string[] } | null;
  callInExplanation: string[];
}

export interface OfficerDecisionContext {
  dates: { decisionDue: string };
  matter: Matter | null;
  forwardPlan: { publishedOn: string; edition: string } | null;
  consultations: Consultation[];
  decision: OfficerDecision | null;
  /** Decisions set aside when scrutiny referred them back. */
  earlierDecisions: OfficerDecision[];
  publication: Publication | null;
  callIn: {
    calledInOn: string;
    reasons: string;
    outcome: {
      recordedOn: string;
      result: 'decisionConfirmed' | 'referredBackToDecisionMaker';
    } | null;
  } | null;
  implementableOn: string | null;
}

export type OfficerDecisionEvent =
  | ({ type: 'DESCRIBE_MATTER' } & Omit<Matter, 'keyDecisionReasons' | 'exemptReasons'> & {
        keyDecisionReasons?: string | null;
        exemptReasons?: string | null;
      })
  | { type: 'FORWARD_PLAN_PUBLISHED'; publishedOn: string; edition: string }
  | ({ type: 'RECORD_CONSULTATION' } & Consultation)
  | ({ type: 'RECORD_DECISION' } & OfficerDecision)
  | ({ type: 'RECORD_PUBLICATION' } & Publication)
  | { type: 'CALL_IN'; calledInOn: string; reasons: string }
  | {
      type: 'RECORD_CALL_IN_OUTCOME';
      recordedOn: string;
      result: 'decisionConfirmed' | 'referredBackToDecisionMaker';
    }
  | { type: 'DEADLINE_PASSED'; key: string }
  | { type: 'REMINDER_DUE'; key: string; workingDaysLeft: number };

type Of<T extends OfficerDecisionEvent['type']> = Extract<OfficerDecisionEvent, { type: T }>;

export const officerDelegatedDecisionMachine = setup({
  types: {
    context: {} as OfficerDecisionContext,
    events: {} as OfficerDecisionEvent,
    input: {} as { dates: { decisionDue: string } },
  },
  actions: {
    ...EFFECT_ACTIONS,
    describeMatter: assign({
      matter: ({ event }) => {
        const e = event as Of<'DESCRIBE_MATTER'>;
        return {
          summary: e.summary,
          keyDecision: e.keyDecision,
          keyDecisionReasons: e.keyDecisionReasons ?? null,
          documents: e.documents,
          exemptReasons: e.exemptReasons ?? null,
          representations: e.representations,
        };
      },
    }),
    recordForwardPlan: assign({
      forwardPlan: ({ event }) => {
        const e = event as Of<'FORWARD_PLAN_PUBLISHED'>;
        return { publishedOn: e.publishedOn, edition: e.edition };
      },
    }),
    recordConsultation: assign({
      consultations: ({ context, event }) => {
        const { type: _type, ...c } = event as Of<'RECORD_CONSULTATION'>;
        return [...context.consultations, c];
      },
    }),
    recordDecision: assign({
      decision: ({ event }) => {
        const { type: _type, ...d } = event as Of<'RECORD_DECISION'>;
        return d;
      },
    }),
    recordPublication: assign({
      publication: ({ event }) => {
        const { type: _type, ...p } = event as Of<'RECORD_PUBLICATION'>;
        return p;
      },
      // A decision taken again after a referral back is open to call-in afresh.
      callIn: null,
    }),
    implementableOnPublication: assign({
      implementableOn: ({ context }) => context.publication!.publishedOn,
    }),
    recordCallIn: assign({
      callIn: ({ event }) => {
        const e = event as Of<'CALL_IN'>;
        return { calledInOn: e.calledInOn, reasons: e.reasons, outcome: null };
      },
    }),
    recordCallInOutcome: assign({
      callIn: ({ context, event }) => {
        const e = event as Of<'RECORD_CALL_IN_OUTCOME'>;
        return { ...context.callIn!, outcome: { recordedOn: e.recordedOn, result: e.result } };
      },
    }),
    setAsideDecision: assign({
      earlierDecisions: ({ context }) => [...context.earlierDecisions, context.decision!],
      decision: null,
      publication: null,
    }),
  },
  guards: {
    notYetInThePlan: ({ context }) => context.forwardPlan === null,
    subjectToCallIn: ({ event }) => (event as Of<'RECORD_PUBLICATION'>).callIn !== null,
    confirmed: ({ event }) =>
      (event as Of<'RECORD_CALL_IN_OUTCOME'>).result === 'decisionConfirmed',
  },
}).createMachine({
  id: 'officerDecision',
  context: ({ input }) => ({
    dates: input.dates,
    matter: null,
    forwardPlan: null,
    consultations: [],
    decision: null,
    earlierDecisions: [],
    publication: null,
    callIn: null,
    implementableOn: null,
  }),
  initial: 'describing',
  on: {
    // The plan listing the case was published: the day is the council's, never typed on the case.
    FORWARD_PLAN_PUBLISHED: { guard: 'notYetInThePlan', actions: 'recordForwardPlan' },
  },
  states: {
    describing: {
      on: { DESCRIBE_MATTER: { target: 'awaitingDecision', actions: 'describeMatter' } },
    },
    awaitingDecision: {
      on: {
        DESCRIBE_MATTER: { actions: 'describeMatter' },
        RECORD_CONSULTATION: { actions: 'recordConsultation' },
        RECORD_DECISION: {
          target: 'awaitingPublication',
          actions: 'recordDecision',
        },
      },
    },
    awaitingPublication: {
      on: {
        RECORD_PUBLICATION: [
          {
            guard: 'subjectToCallIn',
            target: 'callInPeriod',
            actions: ['recordPublication', notify('decision-published', ['decisionMaker'])],
          },
          {
            target: 'implementable',
            actions: [
              'recordPublication',
              'implementableOnPublication',
              notify('decision-published', ['decisionMaker']),
            ],
          },
        ],
      },
    },
    callInPeriod: {
      entry: {
        type: 'armDeadline',
        params: ({ context }) => ({
          key: 'callIn',
          date: context.publication!.callIn!.endsOn,
          remindWorkingDaysBefore: [],
        }),
      },
      exit: { type: 'cancelDeadline', params: { key: 'callIn' } },
      on: {
        DEADLINE_PASSED: {
          guard: isDeadlineEvent('callIn'),
          target: 'implementable',
          actions: assign({
            implementableOn: ({ context }) => context.publication!.callIn!.implementableFrom,
          }),
        },
        CALL_IN: {
          target: 'calledIn',
          actions: ['recordCallIn', notify('decision-called-in', ['officer', 'decisionMaker'])],
        },
      },
    },
    calledIn: {
      on: {
        RECORD_CALL_IN_OUTCOME: [
          {
            guard: 'confirmed',
            target: 'implementable',
            actions: [
              'recordCallInOutcome',
              assign({
                implementableOn: ({ event }) => (event as Of<'RECORD_CALL_IN_OUTCOME'>).recordedOn,
              }),
            ],
          },
          {
            target: 'awaitingDecision',
            actions: [
              'recordCallInOutcome',
              'setAsideDecision',
              notify('decision-referred-back', ['officer', 'decisionMaker']),
            ],
          },
        ],
      },
    },
    implementable: {
      type: 'final',
      entry: notify('decision-implementable', ['officer', 'decisionMaker']),
    },
  },
});
