import { initialTransition, type SnapshotFrom, transition } from 'xstate';
import type { JcbEvent, JcbInput } from './jcb-delegated-decision.context';
import { jcbDelegatedDecisionMachine as machine } from './jcb-delegated-decision.machine';

/**
 * The events, states and walks version 1's machine specs share (jcb-delegated-decision.*.spec.ts);
 * later versions' walks are these and their differences, as the versions are.
 */

export type Snapshot = SnapshotFrom<typeof machine>;

export const M1 = '2025-09-04';
export const M2 = '2025-10-02';
export const input: JcbInput = { dates: { meetingDate: M1 } };

export const facts = (meetingDate: string) => ({
  meetingDate,
  members: [{ personId: 'c1', name: 'Cllr A', partner: 'council', cabinetMember: true }],
  attendance: [{ personId: 'c1', name: 'Cllr A', status: 'present' }],
  declarations: [],
  dispensations: [],
});
export const met = { code: 'REPORT_ON_TIME', met: true, explanation: ['on time'] };
export const hands = (meetingDate: string, outcome: string): JcbEvent =>
  ({
    type: 'RECORD_SHOW_OF_HANDS',
    meeting: facts(meetingDate),
    hands: [{ personId: 'c1', hand: outcome === 'consensus' ? 'for' : 'against' }],
    outcome,
    tally: { for: 1, against: 0, abstain: 0 },
    explanation: ['x'],
  }) as JcbEvent;

export const E = {
  'RECORD_NOTICES met': {
    type: 'RECORD_NOTICES',
    meetingDate: M1,
    itemTitle: 'Carers support contract',
    keyDecision: true,
    forwardPlanPublishedOn: '2025-07-01',
    reportPublishedOn: '2025-08-20',
    verdicts: [met],
  },
  'RECORD_NOTICES not met': {
    type: 'RECORD_NOTICES',
    meetingDate: M1,
    itemTitle: 'Carers support contract',
    keyDecision: true,
    verdicts: [{ code: 'KEY_DECISION_NOTICE_NOT_MET', met: false, explanation: ['late'] }],
  },
  'RECORD_ATTENDANCE quorate M1': {
    type: 'RECORD_ATTENDANCE',
    meeting: facts(M1),
    quorum: { quorate: true, explanation: ['quorate'] },
    excludedPersonIds: [],
    interests: [],
  },
  'RECORD_ATTENDANCE quorate M2': {
    type: 'RECORD_ATTENDANCE',
    meeting: facts(M2),
    quorum: { quorate: true, explanation: ['quorate'] },
    excludedPersonIds: [],
    interests: [],
  },
  'RECORD_ATTENDANCE inquorate': {
    type: 'RECORD_ATTENDANCE',
    meeting: facts(M1),
    quorum: { quorate: false, explanation: ['not quorate'] },
  },
  'RECORD_SHOW_OF_HANDS consensus M1': hands(M1, 'consensus'),
  'RECORD_SHOW_OF_HANDS consensus M2': hands(M2, 'consensus'),
  'RECORD_SHOW_OF_HANDS deferred M1': hands(M1, 'noConsensusDeferred'),
  'RECORD_SHOW_OF_HANDS referredBack M1': hands(M1, 'noConsensusReferredBack'),
  'RECONSIDER M2': {
    type: 'RECONSIDER',
    talkedOn: '2025-09-10',
    note: 'Chair and CCG lead agreed a revised specification',
    meetingDate: M2,
  },
  RECORD_DECISION: {
    type: 'RECORD_DECISION',
    decidedOn: '2025-10-02',
    decision: 'Award the carers support contract',
    reasons: 'Best value',
    alternativesRejected: ['Do nothing'],
    amount: 1_500_000,
    actingAs: 'cabinetMember',
    cabinetMembersAgreeing: ['c1'],
    delegationCheck: ['may be decided under this delegation'],
  },
  'SIGN_NOTICE decisionMaker': {
    type: 'SIGN_NOTICE',
    role: 'decisionMaker',
    signedOn: '2025-10-02',
  },
  'SIGN_NOTICE properOfficer': {
    type: 'SIGN_NOTICE',
    role: 'properOfficer',
    signedOn: '2025-10-03',
  },
  RECORD_PUBLICATION: {
    type: 'RECORD_PUBLICATION',
    publishedOn: '2025-10-03',
    callInEndsOn: '2025-10-10',
    implementableFrom: '2025-10-13',
    explanation: ['published Fri 3 Oct 2025'],
  },
  CALL_IN: {
    type: 'CALL_IN',
    calledInOn: '2025-10-08',
    calledInBy: 'Cllr B and Cllr C',
    reasons: 'Consultation was too short',
  },
  'RECORD_CALL_IN_OUTCOME confirmed': {
    type: 'RECORD_CALL_IN_OUTCOME',
    result: 'decisionConfirmed',
    recordedOn: '2025-10-20',
    minuteReference: 'HOSP 20 Oct 2025, minute 4',
  },
  'RECORD_CALL_IN_OUTCOME referredBack': {
    type: 'RECORD_CALL_IN_OUTCOME',
    result: 'referredBackToDecisionMaker',
    recordedOn: '2025-10-20',
    minuteReference: 'HOSP 20 Oct 2025, minute 4',
  },
  'DEADLINE_PASSED meeting': { type: 'DEADLINE_PASSED', key: 'meeting' },
  'DEADLINE_PASSED callIn': { type: 'DEADLINE_PASSED', key: 'callIn' },
  'REMINDER_DUE meeting': { type: 'REMINDER_DUE', key: 'meeting', workingDaysLeft: 1 },
} satisfies Record<string, JcbEvent>;
export type EventName = keyof typeof E;

export const TO_CONSENSUS: EventName[] = [
  'RECORD_NOTICES met',
  'RECORD_ATTENDANCE quorate M1',
  'RECORD_SHOW_OF_HANDS consensus M1',
];
export const TO_SIGNED: EventName[] = [
  ...TO_CONSENSUS,
  'RECORD_DECISION',
  'SIGN_NOTICE properOfficer',
  'SIGN_NOTICE decisionMaker',
];

/** Where each state is reached from the start. */
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
  awaitingDecision: { key: 'awaitingDecision', via: TO_CONSENSUS },
  signing: {
    key: 'signing.decisionMaker.awaiting;signing.properOfficer.awaiting',
    via: [...TO_CONSENSUS, 'RECORD_DECISION'],
  },
  signedByDecisionMaker: {
    key: 'signing.decisionMaker.signed;signing.properOfficer.awaiting',
    via: [...TO_CONSENSUS, 'RECORD_DECISION', 'SIGN_NOTICE decisionMaker'],
  },
  awaitingPublication: { key: 'awaitingPublication', via: TO_SIGNED },
  callInRunning: { key: 'callInPeriod.running', via: [...TO_SIGNED, 'RECORD_PUBLICATION'] },
  suspended: {
    key: 'callInPeriod.suspended',
    via: [...TO_SIGNED, 'RECORD_PUBLICATION', 'CALL_IN'],
  },
  implementable: {
    key: 'implementable',
    via: [...TO_SIGNED, 'RECORD_PUBLICATION', 'DEADLINE_PASSED callIn'],
  },
} satisfies Record<string, { key: string; via: EventName[] }>;
export type StateName = keyof typeof STATES;

export function reach(state: StateName): Snapshot {
  let s = initialTransition(machine, input)[0];
  for (const e of STATES[state].via) s = transition(machine, s, E[e])[0];
  return s;
}

export const effects = (actions: { type: string; params?: unknown }[]) =>
  actions
    .filter((a) => ['notify', 'armDeadline', 'cancelDeadline'].includes(a.type))
    .map((a) => {
      const p = a.params as { message?: string; key?: string; date?: string };
      return a.type === 'notify'
        ? `notify:${p.message}`
        : `${a.type}:${p.key}${p.date ? `@${p.date}` : ''}`;
    });
