import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import {
  type JcbInput,
  type JcbV3Event,
  jcbDelegatedDecisionV3Machine as machine,
} from './jcb-delegated-decision-v3.machine';
import { stateKey } from '../machine-snapshot.service';
import * as v2 from './jcb-delegated-decision-v2.walks';

/**
 * The events, states and walks the version 3 machine specs share (jcb-delegated-decision-v3.*.spec.ts):
 * version 2's events and the officer's draft with each signatory's approval or decline, where each
 * state is reached from the start, and the effects and emails a step declares.
 */

export type Snapshot = SnapshotFrom<typeof machine>;

export const { M1, M2, facts, met, effects, approver, TO_CONSENSUS } = v2;
export const input: JcbInput = v2.input;
export const hands = (meetingDate: string, outcome: string) =>
  v2.hands(meetingDate, outcome) as JcbV3Event;

/** The delegation check as the template writes it, on drafting and again on the day of taking. */
export const WITHIN_DELEGATION = ['£1,500,000 is within the £2M a Cabinet member may commit'];
export const WITHIN_DELEGATION_ON_THE_DAY = [
  '£1,500,000 is within the £2M a Cabinet member may commit on Thu 2 Oct 2025',
];

export const E = {
  ...v2.E,
  DRAFT_DECISION: {
    type: 'DRAFT_DECISION',
    decision: 'Award the carers support contract',
    reasons: 'Best value',
    alternativesRejected: ['Do nothing'],
    amount: 1_500_000,
    actingAs: 'cabinetMember',
    cabinetMembersAgreeing: ['c1'],
    delegationCheck: WITHIN_DELEGATION,
  },
  'DRAFT_DECISION naming a member without a hand for': {
    type: 'DRAFT_DECISION',
    decision: 'Award the carers support contract',
    reasons: 'Best value',
    alternativesRejected: ['Do nothing'],
    amount: 1_500_000,
    actingAs: 'cabinetMember',
    cabinetMembersAgreeing: ['c1', 'c2'],
    delegationCheck: WITHIN_DELEGATION,
  },
  'APPROVE decisionMaker': {
    type: 'APPROVE',
    role: 'decisionMaker',
    on: '2025-10-02',
    delegationCheck: WITHIN_DELEGATION_ON_THE_DAY,
  },
  'APPROVE properOfficer': {
    type: 'APPROVE',
    role: 'properOfficer',
    on: '2025-10-03',
    delegationCheck: WITHIN_DELEGATION_ON_THE_DAY,
  },
  'DECLINE decisionMaker': {
    type: 'DECLINE',
    role: 'decisionMaker',
    on: '2025-10-02',
    reasons: 'The reasons do not answer the consultation responses',
  },
  'DECLINE properOfficer': {
    type: 'DECLINE',
    role: 'properOfficer',
    on: '2025-10-03',
    reasons: 'The notice leaves out the interest Cllr A declared at the meeting',
  },
} satisfies Record<string, JcbV3Event>;
export type EventName = keyof typeof E;

export const TO_DRAFTED: EventName[] = [...TO_CONSENSUS, 'DRAFT_DECISION'];
export const TO_DECIDED: EventName[] = [...TO_DRAFTED, 'APPROVE decisionMaker'];
export const TO_SIGNED: EventName[] = [
  ...TO_DECIDED,
  'APPROVE properOfficer',
  'APPROVE decisionMaker',
];

export const SIGNING = 'signing.decisionMaker.awaiting;signing.properOfficer.awaiting';
export const SIGNED_BY_DM = 'signing.decisionMaker.signed;signing.properOfficer.awaiting';
export const SIGNED_BY_PO = 'signing.decisionMaker.awaiting;signing.properOfficer.signed';

/** Where each state is reached from the start; exempt states share their keys with the others. */
export const STATES = {
  notices: { key: 'beforeMeeting.notices', via: [] as EventName[] },
  meeting: { key: 'beforeMeeting.meeting', via: ['RECORD_NOTICES met'] },
  showOfHands: {
    key: 'beforeMeeting.showOfHands',
    via: ['RECORD_NOTICES met', 'RECORD_ATTENDANCE quorate M1'],
  },
  deferred: {
    key: 'deferred',
    via: ['RECORD_NOTICES met', 'RECORD_ATTENDANCE quorate M1', 'RECORD_SHOW_OF_HANDS deferred M1'],
  },
  referredBack: {
    key: 'referredBack',
    via: [
      'RECORD_NOTICES met',
      'RECORD_ATTENDANCE quorate M1',
      'RECORD_SHOW_OF_HANDS referredBack M1',
    ],
  },
  draftingDecision: { key: 'draftingDecision', via: TO_CONSENSUS },
  exemptDraftingDecision: {
    key: 'draftingDecision',
    via: [...TO_CONSENSUS, 'EXEMPT_FROM_CALL_IN'],
  },
  awaitingDecision: { key: 'awaitingDecision', via: TO_DRAFTED },
  exemptAwaitingDecision: {
    key: 'awaitingDecision',
    via: [...TO_DRAFTED, 'EXEMPT_FROM_CALL_IN'],
  },
  signing: { key: SIGNING, via: TO_DECIDED },
  exemptSigning: { key: SIGNING, via: [...TO_DECIDED, 'EXEMPT_FROM_CALL_IN'] },
  signedByDecisionMaker: { key: SIGNED_BY_DM, via: [...TO_DECIDED, 'APPROVE decisionMaker'] },
  exemptSignedByDecisionMaker: {
    key: SIGNED_BY_DM,
    via: [...TO_DECIDED, 'APPROVE decisionMaker', 'EXEMPT_FROM_CALL_IN'],
  },
  signedByProperOfficer: { key: SIGNED_BY_PO, via: [...TO_DECIDED, 'APPROVE properOfficer'] },
  exemptSignedByProperOfficer: {
    key: SIGNED_BY_PO,
    via: [...TO_DECIDED, 'APPROVE properOfficer', 'EXEMPT_FROM_CALL_IN'],
  },
  awaitingPublication: { key: 'awaitingPublication', via: TO_SIGNED },
  exemptAwaitingPublication: {
    key: 'awaitingPublication',
    via: [...TO_SIGNED, 'EXEMPT_FROM_CALL_IN'],
  },
  callInRunning: { key: 'callInPeriod.running', via: [...TO_SIGNED, 'RECORD_PUBLICATION'] },
  suspended: {
    key: 'callInPeriod.suspended',
    via: [...TO_SIGNED, 'RECORD_PUBLICATION', 'CALL_IN'],
  },
  implementable: {
    key: 'implementable',
    via: [...TO_SIGNED, 'RECORD_PUBLICATION', 'DEADLINE_PASSED callIn'],
  },
  exemptImplementable: {
    key: 'implementable',
    via: [...TO_SIGNED, 'EXEMPT_FROM_CALL_IN', 'RECORD_PUBLICATION'],
  },
} satisfies Record<string, { key: string; via: EventName[] }>;
export type StateName = keyof typeof STATES;

export const start = () => initialTransition(machine, input)[0];

/** The snapshot after `events` from `from` (the start by default). */
export function after(events: JcbV3Event[], from: Snapshot = start()): Snapshot {
  let s = from;
  for (const e of events) s = transition(machine, s, e)[0];
  return s;
}

export function reach(state: StateName): Snapshot {
  return after(STATES[state].via.map((e) => E[e]));
}

/** The emails a step sends: each message and the roles it goes to. */
export const emails = (actions: { type: string; params?: unknown }[]) =>
  actions.filter((a) => a.type === 'notify').map((a) => a.params);

/** States told apart by whether the decision is exempt from call-in. */
export const serializeState = (s: Snapshot) =>
  `${stateKey(s.value)}${s.context.urgencyExemption ? ' (exempt)' : ''}`;

/** The draft as DRAFT_DECISION records it: the decision without its date. */
export const { type: _draftType, ...DRAFT } = E.DRAFT_DECISION;
