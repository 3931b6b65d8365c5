import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import {
  type JcbInput,
  type JcbV2Event,
  jcbDelegatedDecisionV2Machine as machine,
} from './jcb-delegated-decision-v2.machine';
import * as v1 from './jcb-delegated-decision.walks';

/**
 * The events, states and walks version 2's machine specs share (jcb-delegated-decision-v2.*.spec.ts):
 * version 1's, and the exemption from call-in with the states it marks.
 */

export type Snapshot = SnapshotFrom<typeof machine>;

export const { M1, M2, facts, met, effects, TO_CONSENSUS, TO_SIGNED } = v1;
export const input: JcbInput = v1.input;
export const hands = (meetingDate: string, outcome: string) =>
  v1.hands(meetingDate, outcome) as JcbV2Event;

export const approver = {
  personId: 'scrutiny-chair',
  name: 'Cllr Jan Cole',
  actingAs: 'Chair, Health Overview and Scrutiny Panel',
};

export const E = {
  ...v1.E,
  EXEMPT_FROM_CALL_IN: {
    type: 'EXEMPT_FROM_CALL_IN',
    agreedOn: '2025-10-02',
    reason:
      'The provider stops trading on 31 October; a call-in delay would leave carers without support',
    approver,
    explanation: ['exempted from call-in as urgent by Cllr Jan Cole on Thu 2 Oct 2025: "…"'],
  },
  'EXEMPT_FROM_CALL_IN without approver': {
    type: 'EXEMPT_FROM_CALL_IN',
    agreedOn: '2025-10-02',
    reason: 'urgent',
    approver: null,
  },
} satisfies Record<string, JcbV2Event>;
export type EventName = keyof typeof E;

/** Where each state is reached from the start; exempt states share their keys with the others. */
export const STATES = {
  ...v1.STATES,
  exemptAwaitingDecision: {
    key: 'awaitingDecision',
    via: [...TO_CONSENSUS, 'EXEMPT_FROM_CALL_IN'],
  },
  exemptSigning: {
    key: 'signing.decisionMaker.awaiting;signing.properOfficer.awaiting',
    via: [...TO_CONSENSUS, 'RECORD_DECISION', 'EXEMPT_FROM_CALL_IN'],
  },
  exemptAwaitingPublication: {
    key: 'awaitingPublication',
    via: [...TO_SIGNED, 'EXEMPT_FROM_CALL_IN'],
  },
  exemptImplementable: {
    key: 'implementable',
    via: [...TO_SIGNED, 'EXEMPT_FROM_CALL_IN', 'RECORD_PUBLICATION'],
  },
} satisfies Record<string, { key: string; via: EventName[] }>;
export type StateName = keyof typeof STATES;

export function reach(state: StateName): Snapshot {
  let s = initialTransition(machine, input)[0];
  for (const e of STATES[state].via as EventName[]) s = transition(machine, s, E[e])[0];
  return s;
}

/** States told apart by whether the decision is exempt from call-in. */
export const serializeState = (s: Snapshot) =>
  `${stateKey(s.value)}${s.context.urgencyExemption ? ' (exempt)' : ''}`;
