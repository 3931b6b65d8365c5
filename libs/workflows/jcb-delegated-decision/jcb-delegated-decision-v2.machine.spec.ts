import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import {
  jcbDelegatedDecisionV2Machine as machine,
  type JcbInput,
  type JcbV2Event,
} from './jcb-delegated-decision-v2.machine';

/**
 * Version 2 of the JCB delegated decision statechart, checked purely: version 1's steps plus the
 * urgency exemption from call-in. Every state it rests in (exempt or not) against every event it
 * knows, the effects of the steps that changed, then generated paths over states told apart by
 * whether the decision is exempt. Events carry what the template layer computes.
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
const hands = (meetingDate: string, outcome: string): JcbV2Event =>
  ({
    type: 'RECORD_SHOW_OF_HANDS',
    meeting: facts(meetingDate),
    hands: [{ personId: 'c1', hand: outcome === 'consensus' ? 'for' : 'against' }],
    outcome,
    tally: { for: 1, against: 0, abstain: 0 },
    explanation: ['x'],
  }) as JcbV2Event;

const approver = {
  personId: 'scrutiny-chair',
  name: 'Cllr Jan Cole',
  actingAs: 'Chair, Health Overview and Scrutiny Panel',
};

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
} satisfies Record<string, JcbV2Event>;
type EventName = keyof typeof E;

const TO_CONSENSUS: EventName[] = [
  'RECORD_NOTICES met',
  'RECORD_ATTENDANCE quorate M1',
  'RECORD_SHOW_OF_HANDS consensus M1',
];
const TO_SIGNED: EventName[] = [
  ...TO_CONSENSUS,
  'RECORD_DECISION',
  'SIGN_NOTICE properOfficer',
  'SIGN_NOTICE decisionMaker',
];

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
  awaitingDecision: { key: 'awaitingDecision', via: TO_CONSENSUS },
  exemptAwaitingDecision: {
    key: 'awaitingDecision',
    via: [...TO_CONSENSUS, 'EXEMPT_FROM_CALL_IN'],
  },
  signing: {
    key: 'signing.decisionMaker.awaiting;signing.properOfficer.awaiting',
    via: [...TO_CONSENSUS, 'RECORD_DECISION'],
  },
  exemptSigning: {
    key: 'signing.decisionMaker.awaiting;signing.properOfficer.awaiting',
    via: [...TO_CONSENSUS, 'RECORD_DECISION', 'EXEMPT_FROM_CALL_IN'],
  },
  signedByDecisionMaker: {
    key: 'signing.decisionMaker.signed;signing.properOfficer.awaiting',
    via: [...TO_CONSENSUS, 'RECORD_DECISION', 'SIGN_NOTICE decisionMaker'],
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

function reach(state: StateName): Snapshot {
  let s = initialTransition(machine, input)[0];
  for (const e of STATES[state].via) s = transition(machine, s, E[e])[0];
  return s;
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
    'RECORD_SHOW_OF_HANDS consensus M1': 'awaitingDecision',
    'RECORD_SHOW_OF_HANDS deferred M1': 'deferred',
    'RECORD_SHOW_OF_HANDS referredBack M1': 'referredBack',
    'DEADLINE_PASSED meeting': 'showOfHands',
    'REMINDER_DUE meeting': 'showOfHands',
  },
  deferred: { 'RECONSIDER M2': 'meeting' },
  referredBack: {},
  awaitingDecision: { RECORD_DECISION: 'signing', EXEMPT_FROM_CALL_IN: 'exemptAwaitingDecision' },
  exemptAwaitingDecision: { RECORD_DECISION: 'exemptSigning' },
  signing: {
    'SIGN_NOTICE decisionMaker': 'signedByDecisionMaker',
    'SIGN_NOTICE properOfficer': 'signing', // the other region: see the key check below
    EXEMPT_FROM_CALL_IN: 'exemptSigning',
  },
  exemptSigning: {
    'SIGN_NOTICE decisionMaker': 'signedByDecisionMaker',
    'SIGN_NOTICE properOfficer': 'signing',
  },
  signedByDecisionMaker: {
    'SIGN_NOTICE properOfficer': 'awaitingPublication',
    EXEMPT_FROM_CALL_IN: 'signedByDecisionMaker',
  },
  awaitingPublication: {
    RECORD_PUBLICATION: 'callInRunning',
    EXEMPT_FROM_CALL_IN: 'exemptAwaitingPublication',
  },
  exemptAwaitingPublication: { RECORD_PUBLICATION: 'exemptImplementable' },
  callInRunning: { CALL_IN: 'suspended', 'DEADLINE_PASSED callIn': 'implementable' },
  suspended: {
    'RECORD_CALL_IN_OUTCOME confirmed': 'implementable',
    'RECORD_CALL_IN_OUTCOME referredBack': 'awaitingDecision',
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

/** States told apart by whether the decision is exempt from call-in. */
const serializeState = (s: Snapshot) =>
  `${stateKey(s.value)}${s.context.urgencyExemption ? ' (exempt)' : ''}`;

describe('jcb delegated decision v2: every state × every event', () => {
  it('lists every state the machine can rest in, exempt or not, and every event it handles', () => {
    const keys = new Set(
      getShortestPaths(machine, {
        input,
        events: Object.values(E) as JcbV2Event[],
        serializeState,
      }).map((p) => serializeState(p.state)),
    );
    const expected = new Set(
      (Object.keys(STATES) as StateName[]).map((s) => serializeState(reach(s))),
    );
    // Signed by the Proper Officer first: the mirror of signedByDecisionMaker, exempt or not.
    for (const suffix of ['', ' (exempt)'])
      for (const k of [
        'signing.decisionMaker.awaiting;signing.properOfficer.signed',
        'signing.decisionMaker.signed;signing.properOfficer.awaiting',
      ])
        expected.add(`${k}${suffix}`);
    expect([...keys].sort()).toEqual([...expected].sort());
    const handled = machine.root.events.filter((t) => !t.startsWith('xstate.'));
    expect([...new Set(Object.values(E).map((e) => e.type))].sort()).toEqual(
      [...new Set(handled)].sort(),
    );
  });

  it.each(cells)('in $state, $event is $outcome', ({ state, event, to }) => {
    const before = reach(state);
    expect(stateKey(before.value)).toBe(STATES[state].key);
    const ev = E[event] as JcbV2Event;
    const [after, actions] = transition(machine, before, ev);
    if (!to) {
      expect(before.can(ev)).toBe(false);
      expect(after).toBe(before);
      expect(actions).toEqual([]);
    } else {
      expect(before.can(ev)).toBe(true);
      const key =
        (state === 'signing' || state === 'exemptSigning') && event === 'SIGN_NOTICE properOfficer'
          ? 'signing.decisionMaker.awaiting;signing.properOfficer.signed'
          : STATES[to].key;
      expect(stateKey(after.value)).toBe(key);
      expect(after.context.urgencyExemption !== null).toBe(
        event === 'EXEMPT_FROM_CALL_IN' || before.context.urgencyExemption !== null,
      );
    }
  });
});

describe('jcb delegated decision v2: the urgency exemption from call-in', () => {
  it('records who agreed the urgency, when and why, and tells the officer and the decision maker', () => {
    const [s, actions] = transition(machine, reach('awaitingPublication'), E.EXEMPT_FROM_CALL_IN);
    expect(s.context.urgencyExemption).toEqual({
      agreedOn: '2025-10-02',
      reason: E.EXEMPT_FROM_CALL_IN.reason,
      approver,
      explanation: E.EXEMPT_FROM_CALL_IN.explanation,
    });
    expect(effects(actions as never)).toEqual(['notify:decision-exempted-from-call-in']);
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

  it('refuses a publication dated before the urgency was agreed', () => {
    expect(
      reach('exemptAwaitingPublication').can({
        ...E.RECORD_PUBLICATION,
        publishedOn: '2025-10-01',
      }),
    ).toBe(false);
  });

  it('refuses an exemption of a decision that is not key, which is not subject to call-in', () => {
    let s = initialTransition(machine, input)[0];
    for (const e of TO_SIGNED)
      s = transition(
        machine,
        s,
        e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e],
      )[0];
    expect(s.can(E.EXEMPT_FROM_CALL_IN)).toBe(false);
  });

  it('refuses an exemption without a reason', () => {
    expect(reach('awaitingPublication').can({ ...E.EXEMPT_FROM_CALL_IN, reason: '  ' })).toBe(
      false,
    );
  });

  it('refuses an exemption once the decision is published, and never lets an exempt one be called in', () => {
    expect(reach('callInRunning').can(E.EXEMPT_FROM_CALL_IN)).toBe(false);
    // An exempt decision goes from publication straight to implementable: no call-in period.
    expect(reach('exemptAwaitingPublication').can(E.CALL_IN)).toBe(false);
    expect(reach('exemptImplementable').status).toBe('done');
  });

  it('keeps the exemption when the decision is signed after it was agreed', () => {
    let s = reach('exemptAwaitingDecision');
    for (const e of [
      'RECORD_DECISION',
      'SIGN_NOTICE decisionMaker',
      'SIGN_NOTICE properOfficer',
    ] as const)
      s = transition(machine, s, E[e])[0];
    expect(stateKey(s.value)).toBe('awaitingPublication');
    expect(s.context.urgencyExemption?.approver).toEqual(approver);
  });
});

describe('jcb delegated decision v2: the steps it keeps from version 1', () => {
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
      } as unknown as JcbV2Event),
    ).toBe(false);
  });

  it('keeps the deferral and moves the item to the later meeting on reconsideration', () => {
    const [s, actions] = transition(machine, reach('deferred'), E['RECONSIDER M2']);
    expect(s.context.dates.meetingDate).toBe(M2);
    expect(s.context.deferrals).toHaveLength(1);
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M2}`]);
  });

  it('arms the call-in deadline for the last day of the call-in period on publication', () => {
    const [s, actions] = transition(machine, reach('awaitingPublication'), E.RECORD_PUBLICATION);
    expect(s.context.publication?.implementableFrom).toBe('2025-10-13');
    expect(effects(actions as never)).toEqual([
      'notify:decision-published',
      'armDeadline:callIn@2025-10-10',
    ]);
  });

  it('makes a non-key decision implementable on publication, with no call-in', () => {
    let s = initialTransition(machine, input)[0];
    for (const e of TO_SIGNED)
      s = transition(
        machine,
        s,
        e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e],
      )[0];
    const [after] = transition(machine, s, E.RECORD_PUBLICATION);
    expect(stateKey(after.value)).toBe('implementable');
    expect(after.context.implementableOn).toBe('2025-10-03');
  });

  it('suspends on call-in and cancels the call-in deadline', () => {
    const [, actions] = transition(machine, reach('callInRunning'), E.CALL_IN);
    expect(effects(actions as never)).toEqual([
      'cancelDeadline:callIn',
      'notify:decision-called-in',
    ]);
  });
});

describe('jcb delegated decision v2: generated paths', () => {
  const events = Object.values(E) as JcbV2Event[];
  const isDone = (s: Snapshot) => s.status === 'done';
  const canFinish = (from: Snapshot) =>
    getShortestPaths(machine, { fromState: from, events, serializeState, toState: isDone }).length >
    0;

  it('can reach a final state from every state on every simple path: no deadlock', () => {
    const simple = getSimplePaths(machine, { input, events, serializeState });
    expect(simple.length).toBeGreaterThan(10);
    const stuck = simple.filter((p) => !canFinish(p.state));
    expect(stuck.map((p) => p.steps.map((s) => s.event.type).join(' → '))).toEqual([]);
  });

  it('becomes implementable only after a decision, both signatures and publication; an exempt decision is never called in', () => {
    const done = getSimplePaths(machine, {
      input,
      events,
      serializeState,
      toState: (s) => s.value === 'implementable',
    });
    const exempt = done.filter((p) => p.state.context.urgencyExemption !== null);
    expect(exempt.length).toBeGreaterThan(0);
    expect(done.length).toBeGreaterThan(exempt.length);
    for (const p of done) {
      const types: string[] = p.steps.map((s) => s.event.type);
      const at = (t: string) => types.indexOf(t);
      expect(at('RECORD_DECISION')).toBeGreaterThan(at('RECORD_SHOW_OF_HANDS'));
      expect(types.filter((t) => t === 'SIGN_NOTICE')).toHaveLength(2);
      expect(at('RECORD_PUBLICATION')).toBeGreaterThan(types.lastIndexOf('SIGN_NOTICE'));
      if (at('EXEMPT_FROM_CALL_IN') >= 0) {
        expect(at('EXEMPT_FROM_CALL_IN')).toBeLessThan(at('RECORD_PUBLICATION'));
        expect(at('EXEMPT_FROM_CALL_IN')).toBeGreaterThan(at('RECORD_SHOW_OF_HANDS'));
        expect(types).not.toContain('CALL_IN');
        expect(types.at(-1)).toBe('RECORD_PUBLICATION');
      }
    }
  });
});
