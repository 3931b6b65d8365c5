import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import {
  jcbDelegatedDecisionV3Machine as machine,
  type JcbInput,
  type JcbV3Event,
} from './jcb-delegated-decision-v3.machine';

/**
 * Version 3 of the JCB delegated decision statechart, checked purely: version 2's steps, with the
 * decision drafted by the officer and answered by the decision maker from an emailed link (take it
 * or decline it with reasons), and the Decision Notice signed or declined the same way by each
 * signatory. Every state it rests in (exempt or not) against every event it knows, the effects of
 * the steps that changed, then generated paths over states told apart by whether the decision is
 * exempt. Events carry what the template layer writes (the day of an answer, the delegation check,
 * the Cabinet members agreeing).
 */

type Snapshot = SnapshotFrom<typeof machine>;

const M1 = '2025-09-04';
const M2 = '2025-10-02';
const input: JcbInput = { dates: { meetingDate: M1 } };

const facts = (meetingDate: string) => ({
  meetingDate,
  members: [{ personId: 'c1', name: 'Cllr A', partner: 'council', cabinetMember: true }],
  attendance: [{ personId: 'c1', name: 'Cllr A', status: 'present' }],
  declarations: [],
  dispensations: [],
});
const met = { code: 'REPORT_ON_TIME', met: true, explanation: ['on time'] };
const hands = (meetingDate: string, outcome: string): JcbV3Event =>
  ({
    type: 'RECORD_SHOW_OF_HANDS',
    meeting: facts(meetingDate),
    hands: [{ personId: 'c1', hand: outcome === 'consensus' ? 'for' : 'against' }],
    outcome,
    tally: { for: 1, against: 0, abstain: 0 },
    explanation: ['x'],
  }) as JcbV3Event;

const approver = {
  personId: 'scrutiny-chair',
  name: 'Cllr Jan Cole',
  actingAs: 'Chair, Health Overview and Scrutiny Panel',
};

/** The delegation check as the template writes it, on drafting and again on the day of taking. */
const WITHIN_DELEGATION = ['£1,500,000 is within the £2M a Cabinet member may commit'];
const WITHIN_DELEGATION_ON_THE_DAY = [
  '£1,500,000 is within the £2M a Cabinet member may commit on Thu 2 Oct 2025',
];

const E = {
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
} satisfies Record<string, JcbV3Event>;
type EventName = keyof typeof E;

const TO_CONSENSUS: EventName[] = [
  'RECORD_NOTICES met',
  'RECORD_ATTENDANCE quorate M1',
  'RECORD_SHOW_OF_HANDS consensus M1',
];
const TO_DRAFTED: EventName[] = [...TO_CONSENSUS, 'DRAFT_DECISION'];
const TO_DECIDED: EventName[] = [...TO_DRAFTED, 'APPROVE decisionMaker'];
const TO_SIGNED: EventName[] = [...TO_DECIDED, 'APPROVE properOfficer', 'APPROVE decisionMaker'];

const SIGNING = 'signing.decisionMaker.awaiting;signing.properOfficer.awaiting';
const SIGNED_BY_DM = 'signing.decisionMaker.signed;signing.properOfficer.awaiting';
const SIGNED_BY_PO = 'signing.decisionMaker.awaiting;signing.properOfficer.signed';

/** Where each state is reached from the start; exempt states share their keys with the others. */
const STATES = {
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
type StateName = keyof typeof STATES;

const start = () => initialTransition(machine, input)[0];

/** The snapshot after `events` from `from` (the start by default). */
function after(events: JcbV3Event[], from: Snapshot = start()): Snapshot {
  let s = from;
  for (const e of events) s = transition(machine, s, e)[0];
  return s;
}

function reach(state: StateName): Snapshot {
  return after(STATES[state].via.map((e) => E[e]));
}

/** What each state accepts; everything else is refused. Self-transitions stay put. */
const TABLE: Record<StateName, Partial<Record<EventName, StateName>>> = {
  notices: {
    'RECORD_NOTICES met': 'meeting',
    'DEADLINE_PASSED meeting': 'notices',
    'REMINDER_DUE meeting': 'notices',
  },
  meeting: {
    'RECORD_ATTENDANCE quorate M1': 'showOfHands',
    'DEADLINE_PASSED meeting': 'meeting',
    'REMINDER_DUE meeting': 'meeting',
  },
  showOfHands: {
    'RECORD_SHOW_OF_HANDS consensus M1': 'draftingDecision',
    'RECORD_SHOW_OF_HANDS deferred M1': 'deferred',
    'RECORD_SHOW_OF_HANDS referredBack M1': 'referredBack',
    'DEADLINE_PASSED meeting': 'showOfHands',
    'REMINDER_DUE meeting': 'showOfHands',
  },
  deferred: { 'RECONSIDER M2': 'meeting' },
  referredBack: {},
  draftingDecision: {
    DRAFT_DECISION: 'awaitingDecision',
    RECORD_DECISION: 'signing',
    EXEMPT_FROM_CALL_IN: 'exemptDraftingDecision',
  },
  exemptDraftingDecision: {
    DRAFT_DECISION: 'exemptAwaitingDecision',
    RECORD_DECISION: 'exemptSigning',
  },
  awaitingDecision: {
    DRAFT_DECISION: 'awaitingDecision', // a redraft: re-entered, the decision maker asked afresh
    'APPROVE decisionMaker': 'signing',
    'DECLINE decisionMaker': 'draftingDecision',
    RECORD_DECISION: 'signing',
    EXEMPT_FROM_CALL_IN: 'exemptAwaitingDecision',
  },
  exemptAwaitingDecision: {
    DRAFT_DECISION: 'exemptAwaitingDecision',
    'APPROVE decisionMaker': 'exemptSigning',
    'DECLINE decisionMaker': 'exemptDraftingDecision',
    RECORD_DECISION: 'exemptSigning',
  },
  signing: {
    'APPROVE decisionMaker': 'signedByDecisionMaker',
    'APPROVE properOfficer': 'signedByProperOfficer',
    'SIGN_NOTICE decisionMaker': 'signedByDecisionMaker',
    'SIGN_NOTICE properOfficer': 'signedByProperOfficer',
    'DECLINE decisionMaker': 'draftingDecision',
    'DECLINE properOfficer': 'draftingDecision',
    EXEMPT_FROM_CALL_IN: 'exemptSigning',
  },
  exemptSigning: {
    'APPROVE decisionMaker': 'exemptSignedByDecisionMaker',
    'APPROVE properOfficer': 'exemptSignedByProperOfficer',
    'SIGN_NOTICE decisionMaker': 'exemptSignedByDecisionMaker',
    'SIGN_NOTICE properOfficer': 'exemptSignedByProperOfficer',
    'DECLINE decisionMaker': 'exemptDraftingDecision',
    'DECLINE properOfficer': 'exemptDraftingDecision',
  },
  signedByDecisionMaker: {
    'APPROVE properOfficer': 'awaitingPublication',
    'SIGN_NOTICE properOfficer': 'awaitingPublication',
    // A signatory who has signed does not decline afterwards; the other still may.
    'DECLINE properOfficer': 'draftingDecision',
    EXEMPT_FROM_CALL_IN: 'exemptSignedByDecisionMaker',
  },
  exemptSignedByDecisionMaker: {
    'APPROVE properOfficer': 'exemptAwaitingPublication',
    'SIGN_NOTICE properOfficer': 'exemptAwaitingPublication',
    'DECLINE properOfficer': 'exemptDraftingDecision',
  },
  signedByProperOfficer: {
    'APPROVE decisionMaker': 'awaitingPublication',
    'SIGN_NOTICE decisionMaker': 'awaitingPublication',
    'DECLINE decisionMaker': 'draftingDecision',
    EXEMPT_FROM_CALL_IN: 'exemptSignedByProperOfficer',
  },
  exemptSignedByProperOfficer: {
    'APPROVE decisionMaker': 'exemptAwaitingPublication',
    'SIGN_NOTICE decisionMaker': 'exemptAwaitingPublication',
    'DECLINE decisionMaker': 'exemptDraftingDecision',
  },
  awaitingPublication: {
    RECORD_PUBLICATION: 'callInRunning',
    EXEMPT_FROM_CALL_IN: 'exemptAwaitingPublication',
  },
  exemptAwaitingPublication: { RECORD_PUBLICATION: 'exemptImplementable' },
  callInRunning: { CALL_IN: 'suspended', 'DEADLINE_PASSED callIn': 'implementable' },
  suspended: {
    'RECORD_CALL_IN_OUTCOME confirmed': 'implementable',
    'RECORD_CALL_IN_OUTCOME referredBack': 'draftingDecision',
  },
  implementable: {},
  exemptImplementable: {},
};

const cells = (Object.keys(STATES) as StateName[]).flatMap((state) =>
  (Object.keys(E) as EventName[]).map((event) => {
    const to = TABLE[state][event] ?? null;
    return { state, event, to, outcome: to ? `accepted → ${to}` : 'refused' };
  }),
);

const effects = (actions: { type: string; params?: unknown }[]) =>
  actions
    .filter((a) => ['notify', 'armDeadline', 'cancelDeadline'].includes(a.type))
    .map((a) => {
      const p = a.params as { message?: string; key?: string; date?: string };
      return a.type === 'notify'
        ? `notify:${p.message}`
        : `${a.type}:${p.key}${p.date ? `@${p.date}` : ''}`;
    });

/** The emails a step sends: each message and the roles it goes to. */
const emails = (actions: { type: string; params?: unknown }[]) =>
  actions.filter((a) => a.type === 'notify').map((a) => a.params);

/** States told apart by whether the decision is exempt from call-in. */
const serializeState = (s: Snapshot) =>
  `${stateKey(s.value)}${s.context.urgencyExemption ? ' (exempt)' : ''}`;

/** The draft as DRAFT_DECISION records it: the decision without its date. */
const { type: _draftType, ...DRAFT } = E.DRAFT_DECISION;

describe('jcb delegated decision v3: every state × every event', () => {
  it('lists every state the machine can rest in, exempt or not, and every event it handles', () => {
    const keys = new Set(
      getShortestPaths(machine, {
        input,
        events: Object.values(E) as JcbV3Event[],
        serializeState,
      }).map((p) => serializeState(p.state)),
    );
    const expected = new Set(
      (Object.keys(STATES) as StateName[]).map((s) => serializeState(reach(s))),
    );
    expect(expected.size).toBe(Object.keys(STATES).length);
    expect([...keys].sort()).toEqual([...expected].sort());
    const handled = machine.root.events.filter((t) => !t.startsWith('xstate.'));
    expect([...new Set(Object.values(E).map((e) => e.type))].sort()).toEqual(
      [...new Set(handled)].sort(),
    );
  });

  it.each(cells)('in $state, $event is $outcome', ({ state, event, to }) => {
    const before = reach(state);
    expect(stateKey(before.value)).toBe(STATES[state].key);
    const ev = E[event] as JcbV3Event;
    const [next, actions] = transition(machine, before, ev);
    if (!to) {
      expect(before.can(ev)).toBe(false);
      expect(next).toBe(before);
      expect(actions).toEqual([]);
    } else {
      expect(before.can(ev)).toBe(true);
      expect(stateKey(next.value)).toBe(STATES[to].key);
      expect(next.context.urgencyExemption !== null).toBe(
        event === 'EXEMPT_FROM_CALL_IN' || before.context.urgencyExemption !== null,
      );
    }
  });
});

describe('jcb delegated decision v3: the decision drafted by the officer and taken from the link', () => {
  it('asks the officer to draft the decision once the Board reaches consensus', () => {
    const [s, actions] = transition(
      machine,
      reach('showOfHands'),
      E['RECORD_SHOW_OF_HANDS consensus M1'],
    );
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.draft).toBeNull();
    expect(s.context.decision).toBeNull();
    expect(effects(actions as never)).toEqual([
      'cancelDeadline:meeting',
      'notify:decision-to-draft',
    ]);
    expect(emails(actions as never)).toEqual([{ message: 'decision-to-draft', to: ['officer'] }]);
  });

  it('asks the decision maker for the drafted decision and records it dated the day they answer', () => {
    const [drafted, draftActions] = transition(
      machine,
      reach('draftingDecision'),
      E.DRAFT_DECISION,
    );
    expect(stateKey(drafted.value)).toBe('awaitingDecision');
    expect(drafted.context.draft).toEqual(DRAFT);
    expect(drafted.context.decision).toBeNull();
    expect(emails(draftActions as never)).toEqual([
      { message: 'decision-requested', to: ['decisionMaker'] },
    ]);

    const [taken, takeActions] = transition(machine, drafted, E['APPROVE decisionMaker']);
    expect(stateKey(taken.value)).toBe(SIGNING);
    expect(taken.context.decision).toEqual({
      ...DRAFT,
      decidedOn: '2025-10-02',
      delegationCheck: WITHIN_DELEGATION_ON_THE_DAY,
    });
    expect(taken.context.signatures).toEqual({ decisionMaker: null, properOfficer: null });
    expect(emails(takeActions as never)).toEqual([
      { message: 'notice-signature-requested', to: ['decisionMaker', 'properOfficer'] },
    ]);
  });

  it('keeps the draft’s delegation check when the answer carries none of its own', () => {
    const { delegationCheck: _, ...bare } = E['APPROVE decisionMaker'];
    const [s] = transition(machine, reach('awaitingDecision'), bare);
    expect(stateKey(s.value)).toBe(SIGNING);
    expect(s.context.decision?.delegationCheck).toEqual(WITHIN_DELEGATION);
  });

  it('refuses to take the draft on a day before the meeting whose hands it rests on', () => {
    expect(reach('awaitingDecision').can({ ...E['APPROVE decisionMaker'], on: '2025-09-03' })).toBe(
      false,
    );
    expect(reach('awaitingDecision').can({ ...E['APPROVE decisionMaker'], on: M1 })).toBe(true);
  });

  it('after reconsideration at a later meeting, takes the draft only on or after that meeting', () => {
    const s = after(
      (
        [
          ...STATES.deferred.via,
          'RECONSIDER M2',
          'RECORD_ATTENDANCE quorate M2',
          'RECORD_SHOW_OF_HANDS consensus M2',
          'DRAFT_DECISION',
        ] as EventName[]
      ).map((e) => E[e]),
    );
    expect(stateKey(s.value)).toBe('awaitingDecision');
    expect(s.can({ ...E['APPROVE decisionMaker'], on: '2025-09-20' })).toBe(false);
    expect(s.can({ ...E['APPROVE decisionMaker'], on: M2 })).toBe(true);
  });

  it('refuses to take a draft the delegation no longer allows on the day of the answer', () => {
    expect(
      reach('awaitingDecision').can({ ...E['APPROVE decisionMaker'], delegationCheck: [] }),
    ).toBe(false);
  });

  it('refuses an answer to the draft from the Proper Officer: the decision is the decision maker’s', () => {
    const s = reach('awaitingDecision');
    expect(s.can(E['APPROVE properOfficer'])).toBe(false);
    expect(s.can(E['DECLINE properOfficer'])).toBe(false);
  });

  it('goes back to the officer with the reasons when the decision maker declines the draft', () => {
    const [s, actions] = transition(machine, reach('awaitingDecision'), E['DECLINE decisionMaker']);
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.draft).toBeNull();
    expect(s.context.decision).toBeNull();
    expect(s.context.earlierDecisions).toEqual([]);
    expect(s.context.declined).toEqual([
      {
        role: 'decisionMaker',
        on: '2025-10-02',
        reasons: E['DECLINE decisionMaker'].reasons,
        step: 'decision',
      },
    ]);
    // One email: the decline says what to do; no second "draft the decision".
    expect(emails(actions as never)).toEqual([{ message: 'decision-declined', to: ['officer'] }]);
  });

  it('refuses a decline without reasons, of the draft or of the notice', () => {
    const blank = { ...E['DECLINE decisionMaker'], reasons: '   ' };
    expect(reach('awaitingDecision').can(blank)).toBe(false);
    expect(reach('signing').can(blank)).toBe(false);
    expect(reach('signing').can({ ...E['DECLINE properOfficer'], reasons: '' })).toBe(false);
  });

  it('refuses a draft naming a Cabinet member who did not show a hand for', () => {
    const naming = E['DRAFT_DECISION naming a member without a hand for'];
    expect(reach('draftingDecision').can(naming)).toBe(false);
    expect(reach('awaitingDecision').can(naming)).toBe(false);
    // Nor one naming a member who was present and showed a hand against.
    let s = after(STATES.showOfHands.via.map((e) => E[e]));
    s = transition(machine, s, {
      ...(E['RECORD_SHOW_OF_HANDS consensus M1'] as object),
      hands: [
        { personId: 'c1', hand: 'for' },
        { personId: 'c2', hand: 'against' },
      ],
    } as unknown as JcbV3Event)[0];
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.can(naming)).toBe(false);
    expect(s.can(E.DRAFT_DECISION)).toBe(true);
  });

  it('refuses a draft without the template’s delegation check', () => {
    expect(reach('draftingDecision').can({ ...E.DRAFT_DECISION, delegationCheck: [] })).toBe(false);
    const { delegationCheck: _, ...unchecked } = E.DRAFT_DECISION;
    expect(reach('draftingDecision').can(unchecked)).toBe(false);
  });

  it('a redraft asks the decision maker afresh', () => {
    const redraft = { ...E.DRAFT_DECISION, decision: 'Award the contract for two years only' };
    const [s, actions] = transition(machine, reach('awaitingDecision'), redraft);
    expect(stateKey(s.value)).toBe('awaitingDecision');
    expect(s.context.draft?.decision).toBe('Award the contract for two years only');
    expect(emails(actions as never)).toEqual([
      { message: 'decision-requested', to: ['decisionMaker'] },
    ]);
    const [taken] = transition(machine, s, E['APPROVE decisionMaker']);
    expect(taken.context.decision?.decision).toBe('Award the contract for two years only');
  });

  it('asks the decision maker again for a fresh draft after declining the first', () => {
    const declined = after([E['DECLINE decisionMaker']], reach('awaitingDecision'));
    expect(declined.can(E['APPROVE decisionMaker'])).toBe(false);
    const [s, actions] = transition(machine, declined, E.DRAFT_DECISION);
    expect(stateKey(s.value)).toBe('awaitingDecision');
    expect(effects(actions as never)).toEqual(['notify:decision-requested']);
    expect(s.context.declined).toHaveLength(1);
  });

  it('takes a decision recorded through the API while a draft awaits the decision maker', () => {
    const [s, actions] = transition(machine, reach('awaitingDecision'), E.RECORD_DECISION);
    expect(stateKey(s.value)).toBe(SIGNING);
    expect(s.context.decision?.decidedOn).toBe('2025-10-02');
    expect(s.context.decision?.delegationCheck).toEqual(E.RECORD_DECISION.delegationCheck);
    expect(effects(actions as never)).toEqual(['notify:notice-signature-requested']);
  });
});

describe('jcb delegated decision v3: the Decision Notice signed or declined from the link', () => {
  it('signs the notice from the link, each signatory dated the day they answer, in either order', () => {
    for (const order of [
      ['APPROVE properOfficer', 'APPROVE decisionMaker'],
      ['APPROVE decisionMaker', 'APPROVE properOfficer'],
    ] as EventName[][]) {
      const [first] = transition(machine, reach('signing'), E[order[0]]);
      const [s, actions] = transition(machine, first, E[order[1]]);
      expect(stateKey(s.value)).toBe('awaitingPublication');
      expect(s.context.signatures).toEqual({
        decisionMaker: '2025-10-02',
        properOfficer: '2025-10-03',
      });
      expect(emails(actions as never)).toEqual([{ message: 'notice-signed', to: ['officer'] }]);
    }
  });

  it('signs from the link with no delegation check, as the template writes once the decision is taken', () => {
    const { delegationCheck: _dm, ...dm } = E['APPROVE decisionMaker'];
    const { delegationCheck: _po, ...po } = E['APPROVE properOfficer'];
    const s = after([dm, po], reach('signing'));
    expect(stateKey(s.value)).toBe('awaitingPublication');
    // The decision keeps the delegation check of the day it was taken.
    expect(s.context.decision?.delegationCheck).toEqual(WITHIN_DELEGATION_ON_THE_DAY);
  });

  it('takes one signature through the API and the other from the link alike', () => {
    const s = after([E['SIGN_NOTICE decisionMaker'], E['APPROVE properOfficer']], reach('signing'));
    expect(stateKey(s.value)).toBe('awaitingPublication');
    expect(s.context.signatures).toEqual({
      decisionMaker: '2025-10-02',
      properOfficer: '2025-10-03',
    });
  });

  it('refuses a second signature from a signatory who has signed, however it comes', () => {
    const s = reach('signedByDecisionMaker');
    expect(s.can(E['APPROVE decisionMaker'])).toBe(false);
    expect(s.can(E['SIGN_NOTICE decisionMaker'])).toBe(false);
  });

  it('sets the decision aside when the Proper Officer declines to sign the notice, keeping it among earlier decisions', () => {
    const before = reach('signedByDecisionMaker');
    const decision = before.context.decision;
    expect(decision).not.toBeNull();
    const [s, actions] = transition(machine, before, E['DECLINE properOfficer']);
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.earlierDecisions).toEqual([decision]);
    expect(s.context.decision).toBeNull();
    expect(s.context.draft).toBeNull();
    expect(s.context.signatures).toEqual({ decisionMaker: null, properOfficer: null });
    expect(s.context.declined).toEqual([
      {
        role: 'properOfficer',
        on: '2025-10-03',
        reasons: E['DECLINE properOfficer'].reasons,
        step: 'notice',
      },
    ]);
    expect(emails(actions as never)).toEqual([{ message: 'notice-declined', to: ['officer'] }]);
  });

  it('sets the decision aside when the decision maker declines to sign the notice', () => {
    const [s, actions] = transition(machine, reach('signing'), E['DECLINE decisionMaker']);
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.earlierDecisions).toHaveLength(1);
    expect(s.context.decision).toBeNull();
    expect(s.context.declined.map((d) => [d.role, d.step])).toEqual([['decisionMaker', 'notice']]);
    expect(effects(actions as never)).toEqual(['notify:notice-declined']);
  });

  it('sets aside a decision recorded through the API when its notice is declined', () => {
    const s = after([E.RECORD_DECISION, E['DECLINE properOfficer']], reach('draftingDecision'));
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.earlierDecisions.map((d) => d.decidedOn)).toEqual(['2025-10-02']);
  });

  it('takes a fresh draft through to publication after a declined draft and a declined notice', () => {
    const s = after(
      (
        [
          'DECLINE decisionMaker',
          'DRAFT_DECISION',
          'APPROVE decisionMaker',
          'DECLINE properOfficer',
          'DRAFT_DECISION',
          'APPROVE decisionMaker',
          'APPROVE decisionMaker',
          'APPROVE properOfficer',
        ] as EventName[]
      ).map((e) => E[e]),
      reach('awaitingDecision'),
    );
    expect(stateKey(s.value)).toBe('awaitingPublication');
    expect(s.context.declined.map((d) => [d.role, d.step])).toEqual([
      ['decisionMaker', 'decision'],
      ['properOfficer', 'notice'],
    ]);
    expect(s.context.earlierDecisions).toHaveLength(1);
    expect(s.context.decision?.decidedOn).toBe('2025-10-02');
    const [published] = transition(machine, s, E.RECORD_PUBLICATION);
    expect(stateKey(published.value)).toBe('callInPeriod.running');
  });
});

describe('jcb delegated decision v3: call-in', () => {
  it('a call-in referred back returns to the officer’s draft', () => {
    const before = reach('suspended');
    const decision = before.context.decision;
    const [s, actions] = transition(machine, before, E['RECORD_CALL_IN_OUTCOME referredBack']);
    expect(stateKey(s.value)).toBe('draftingDecision');
    expect(s.context.earlierDecisions).toEqual([decision]);
    expect(s.context.decision).toBeNull();
    expect(s.context.publication).toBeNull();
    expect(s.context.signatures).toEqual({ decisionMaker: null, properOfficer: null });
    expect(s.context.callIn?.outcome?.result).toBe('referredBackToDecisionMaker');
    expect(s.context.draft).toBeNull();
    expect(emails(actions as never)).toEqual([
      { message: 'decision-referred-back', to: ['decisionMaker', 'officer'] },
    ]);
  });

  it('takes a fresh draft after a call-in referred back through to a decision implementable', () => {
    const s = after(
      (
        [
          'RECORD_CALL_IN_OUTCOME referredBack',
          'DRAFT_DECISION',
          'APPROVE decisionMaker',
          'APPROVE properOfficer',
          'APPROVE decisionMaker',
          'RECORD_PUBLICATION',
          'DEADLINE_PASSED callIn',
        ] as EventName[]
      ).map((e) => E[e]),
      reach('suspended'),
    );
    expect(stateKey(s.value)).toBe('implementable');
    expect(s.status).toBe('done');
    expect(s.context.earlierDecisions).toHaveLength(1);
    expect(s.context.callIn).toBeNull();
    expect(s.context.implementableOn).toBe('2025-10-13');
  });

  it('suspends on call-in and cancels the call-in deadline', () => {
    const [, actions] = transition(machine, reach('callInRunning'), E.CALL_IN);
    expect(effects(actions as never)).toEqual([
      'cancelDeadline:callIn',
      'notify:decision-called-in',
    ]);
  });

  it('makes a confirmed decision implementable from the later of the outcome and the end of call-in', () => {
    const [s, actions] = transition(
      machine,
      reach('suspended'),
      E['RECORD_CALL_IN_OUTCOME confirmed'],
    );
    expect(stateKey(s.value)).toBe('implementable');
    expect(s.context.implementableOn).toBe('2025-10-20');
    expect(effects(actions as never)).toEqual(['notify:decision-implementable']);
  });
});

describe('jcb delegated decision v3: the urgency exemption from call-in', () => {
  it('may be agreed while the decision is still being drafted, and is kept through a declined draft and a declined notice', () => {
    const [exempt, actions] = transition(machine, reach('draftingDecision'), E.EXEMPT_FROM_CALL_IN);
    expect(emails(actions as never)).toEqual([
      { message: 'decision-exempted-from-call-in', to: ['officer', 'decisionMaker'] },
    ]);
    const s = after(
      (
        [
          'DRAFT_DECISION',
          'DECLINE decisionMaker',
          'DRAFT_DECISION',
          'APPROVE decisionMaker',
          'DECLINE properOfficer',
          'DRAFT_DECISION',
          'APPROVE decisionMaker',
          'APPROVE decisionMaker',
          'APPROVE properOfficer',
        ] as EventName[]
      ).map((e) => E[e]),
      exempt,
    );
    expect(stateKey(s.value)).toBe('awaitingPublication');
    expect(s.context.urgencyExemption?.approver).toEqual(approver);
  });

  it('records who agreed the urgency, when and why, once only', () => {
    const [s] = transition(machine, reach('awaitingDecision'), E.EXEMPT_FROM_CALL_IN);
    expect(s.context.urgencyExemption).toEqual({
      agreedOn: '2025-10-02',
      reason: E.EXEMPT_FROM_CALL_IN.reason,
      approver,
      explanation: E.EXEMPT_FROM_CALL_IN.explanation,
    });
    expect(s.can(E.EXEMPT_FROM_CALL_IN)).toBe(false);
  });

  it('makes an exempt decision implementable on publication, with no call-in period armed', () => {
    const [s, actions] = transition(
      machine,
      reach('exemptAwaitingPublication'),
      E.RECORD_PUBLICATION,
    );
    expect(stateKey(s.value)).toBe('implementable');
    expect(s.status).toBe('done');
    expect(s.context.implementableOn).toBe('2025-10-03');
    expect(effects(actions as never)).toEqual([
      'notify:decision-published',
      'notify:decision-implementable',
    ]);
  });

  it('refuses an exemption of a decision that is not key, or without a reason', () => {
    const notKey = after(
      TO_CONSENSUS.map((e) =>
        e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e],
      ),
    );
    expect(stateKey(notKey.value)).toBe('draftingDecision');
    expect(notKey.can(E.EXEMPT_FROM_CALL_IN)).toBe(false);
    expect(reach('draftingDecision').can({ ...E.EXEMPT_FROM_CALL_IN, reason: '  ' })).toBe(false);
  });
});

describe('jcb delegated decision v3: the steps it keeps from version 2', () => {
  it('arms the meeting deadline with reminders when the case opens', () => {
    const [, actions] = initialTransition(machine, input);
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M1}`]);
  });

  it('says how many working days remain in the meeting reminder', () => {
    const [, actions] = transition(machine, reach('notices'), E['REMINDER_DUE meeting']);
    expect(actions.map((a) => a.params)).toEqual([
      { message: 'meeting-reminder', to: ['officer'], workingDaysLeft: 1 },
    ]);
  });

  it('refuses a show of hands for an attendance other than the one recorded', () => {
    const other = { ...facts(M1), attendance: [] };
    expect(
      reach('showOfHands').can({
        ...(E['RECORD_SHOW_OF_HANDS consensus M1'] as object),
        meeting: other,
      } as unknown as JcbV3Event),
    ).toBe(false);
  });

  it('keeps the deferral and moves the item to the later meeting on reconsideration', () => {
    const [s, actions] = transition(machine, reach('deferred'), E['RECONSIDER M2']);
    expect(s.context.dates.meetingDate).toBe(M2);
    expect(s.context.deferrals).toHaveLength(1);
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M2}`]);
  });

  it('tells the officer and the decision maker when the item is deferred, and when it is referred back', () => {
    const [, deferred] = transition(
      machine,
      reach('showOfHands'),
      E['RECORD_SHOW_OF_HANDS deferred M1'],
    );
    expect(effects(deferred as never)).toEqual(['cancelDeadline:meeting', 'notify:item-deferred']);
    const [s, referred] = transition(
      machine,
      reach('showOfHands'),
      E['RECORD_SHOW_OF_HANDS referredBack M1'],
    );
    expect(s.status).toBe('done');
    expect(effects(referred as never)).toEqual([
      'cancelDeadline:meeting',
      'notify:item-referred-back',
    ]);
  });

  it('arms the call-in deadline for the last day of the call-in period on publication', () => {
    const [s, actions] = transition(machine, reach('awaitingPublication'), E.RECORD_PUBLICATION);
    expect(s.context.publication?.implementableFrom).toBe('2025-10-13');
    expect(effects(actions as never)).toEqual([
      'notify:decision-published',
      'armDeadline:callIn@2025-10-10',
    ]);
  });

  it('refuses a publication dated before the decision was taken', () => {
    expect(
      reach('awaitingPublication').can({ ...E.RECORD_PUBLICATION, publishedOn: '2025-10-01' }),
    ).toBe(false);
  });

  it('makes a non-key decision implementable on publication, with no call-in', () => {
    const s = after(
      TO_SIGNED.map((e) => (e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e])),
    );
    const [published] = transition(machine, s, E.RECORD_PUBLICATION);
    expect(stateKey(published.value)).toBe('implementable');
    expect(published.context.implementableOn).toBe('2025-10-03');
  });
});

describe('jcb delegated decision v3: generated paths', () => {
  const events = Object.values(E) as JcbV3Event[];
  const isDone = (s: Snapshot) => s.status === 'done';
  const finishes = new Map<string, boolean>();
  /** From the graph's snapshot of a state (one per serialized state), a final state is reachable. */
  const canFinish = (from: Snapshot) => {
    const key = serializeState(from);
    if (!finishes.has(key))
      finishes.set(
        key,
        getShortestPaths(machine, { fromState: from, events, serializeState, toState: isDone })
          .length > 0,
      );
    return finishes.get(key)!;
  };
  const eventsOf = (p: { steps: { event: { type: string } }[] }) =>
    p.steps.slice(1).map((s) => s.event as JcbV3Event);

  it('can reach a final state from every state on every simple path: no deadlock', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    expect(simple.length).toBeGreaterThan(10);
    const stuck = simple.filter((p) => !canFinish(p.state));
    expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
    // And from every state the table lists, as the case actually reached it.
    for (const state of Object.keys(STATES) as StateName[])
      expect([
        state,
        getShortestPaths(machine, {
          fromState: reach(state),
          events,
          serializeState,
          toState: isDone,
        }).length > 0,
      ]).toEqual([state, true]);
  });

  it('becomes implementable only after a decision taken, both signatures and publication; an exempt decision is never called in', () => {
    const done = getSimplePaths(machine, {
      input,
      events,
      serializeState,
      toState: (s) => s.value === 'implementable',
    });
    const exempt = done.filter((p) => p.state.context.urgencyExemption !== null);
    expect(exempt.length).toBeGreaterThan(0);
    expect(done.length).toBeGreaterThan(exempt.length);
    const fromDraft = done.filter((p) => eventsOf(p).some((e) => e.type === 'DRAFT_DECISION'));
    expect(fromDraft.length).toBeGreaterThan(0);
    for (const p of done) {
      // Replayed from the start, the path's events give the state the graph says, and its record.
      const s = after(eventsOf(p));
      expect(serializeState(s)).toBe(serializeState(p.state));
      const { decision, signatures, publication, showOfHands } = s.context;
      expect(decision).not.toBeNull();
      expect(decision!.decidedOn >= showOfHands!.meetingDate).toBe(true);
      expect(signatures.decisionMaker).not.toBeNull();
      expect(signatures.properOfficer).not.toBeNull();
      expect(publication!.publishedOn >= decision!.decidedOn).toBe(true);

      // The states along the path: the last decision taken, then two signatures, then publication.
      const keys = p.steps.map((step) => stateKey(step.state.value));
      const types: string[] = p.steps.map((step) => step.event.type);
      const decided = keys.findLastIndex((k, i) => k === SIGNING && keys[i - 1] !== SIGNING);
      expect(['RECORD_DECISION', 'APPROVE']).toContain(types[decided]);
      if (types[decided] === 'APPROVE') {
        expect(keys[decided - 1]).toBe('awaitingDecision');
        expect(types.lastIndexOf('DRAFT_DECISION')).toBeLessThan(decided);
      }
      const signing = types.slice(decided + 1, keys.indexOf('awaitingPublication', decided) + 1);
      expect(signing.filter((t) => t === 'SIGN_NOTICE' || t === 'APPROVE')).toHaveLength(2);
      expect(types.slice(decided)).not.toContain('DECLINE');
      expect(types.indexOf('RECORD_PUBLICATION')).toBeGreaterThan(decided);

      if (types.includes('EXEMPT_FROM_CALL_IN')) {
        expect(types.indexOf('EXEMPT_FROM_CALL_IN')).toBeLessThan(
          types.indexOf('RECORD_PUBLICATION'),
        );
        expect(types.indexOf('EXEMPT_FROM_CALL_IN')).toBeGreaterThan(
          types.indexOf('RECORD_SHOW_OF_HANDS'),
        );
        expect(types).not.toContain('CALL_IN');
        expect(types.at(-1)).toBe('RECORD_PUBLICATION');
      }
    }
  });
});
