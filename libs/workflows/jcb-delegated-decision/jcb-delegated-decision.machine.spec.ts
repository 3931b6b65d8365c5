import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import type { JcbEvent, JcbInput } from './jcb-delegated-decision.context';
import { jcbDelegatedDecisionMachine as machine } from './jcb-delegated-decision.machine';

/**
 * The JCB delegated decision statechart, checked purely: every state it rests in against every
 * event it knows, the effects of the main steps, then generated paths (every state node reachable,
 * every path can still end). The events carry what the template layer computes (verdicts, quorum,
 * outcome, call-in dates), as they would after validation.
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
const hands = (meetingDate: string, outcome: string): JcbEvent =>
  ({
    type: 'RECORD_SHOW_OF_HANDS',
    meeting: facts(meetingDate),
    hands: [{ personId: 'c1', hand: outcome === 'consensus' ? 'for' : 'against' }],
    outcome,
    tally: { for: 1, against: 0, abstain: 0 },
    explanation: ['x'],
  }) as JcbEvent;

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
type EventName = keyof typeof E;

/** Where each state is reached from its predecessor. */
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
  awaitingDecision: {
    key: 'awaitingDecision',
    via: [
      'RECORD_NOTICES met',
      'RECORD_ATTENDANCE quorate M1',
      'RECORD_SHOW_OF_HANDS consensus M1',
    ],
  },
  signing: {
    key: 'signing.decisionMaker.awaiting;signing.properOfficer.awaiting',
    via: [
      'RECORD_NOTICES met',
      'RECORD_ATTENDANCE quorate M1',
      'RECORD_SHOW_OF_HANDS consensus M1',
      'RECORD_DECISION',
    ],
  },
  signedByDecisionMaker: {
    key: 'signing.decisionMaker.signed;signing.properOfficer.awaiting',
    via: [
      'RECORD_NOTICES met',
      'RECORD_ATTENDANCE quorate M1',
      'RECORD_SHOW_OF_HANDS consensus M1',
      'RECORD_DECISION',
      'SIGN_NOTICE decisionMaker',
    ],
  },
  awaitingPublication: {
    key: 'awaitingPublication',
    via: [
      'RECORD_NOTICES met',
      'RECORD_ATTENDANCE quorate M1',
      'RECORD_SHOW_OF_HANDS consensus M1',
      'RECORD_DECISION',
      'SIGN_NOTICE properOfficer',
      'SIGN_NOTICE decisionMaker',
    ],
  },
  callInRunning: {
    key: 'callInPeriod.running',
    via: [
      'RECORD_NOTICES met',
      'RECORD_ATTENDANCE quorate M1',
      'RECORD_SHOW_OF_HANDS consensus M1',
      'RECORD_DECISION',
      'SIGN_NOTICE properOfficer',
      'SIGN_NOTICE decisionMaker',
      'RECORD_PUBLICATION',
    ],
  },
  suspended: {
    key: 'callInPeriod.suspended',
    via: [
      'RECORD_NOTICES met',
      'RECORD_ATTENDANCE quorate M1',
      'RECORD_SHOW_OF_HANDS consensus M1',
      'RECORD_DECISION',
      'SIGN_NOTICE properOfficer',
      'SIGN_NOTICE decisionMaker',
      'RECORD_PUBLICATION',
      'CALL_IN',
    ],
  },
  implementable: {
    key: 'implementable',
    via: [
      'RECORD_NOTICES met',
      'RECORD_ATTENDANCE quorate M1',
      'RECORD_SHOW_OF_HANDS consensus M1',
      'RECORD_DECISION',
      'SIGN_NOTICE properOfficer',
      'SIGN_NOTICE decisionMaker',
      'RECORD_PUBLICATION',
      'DEADLINE_PASSED callIn',
    ],
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
  awaitingDecision: { RECORD_DECISION: 'signing' },
  signing: {
    'SIGN_NOTICE decisionMaker': 'signedByDecisionMaker',
    'SIGN_NOTICE properOfficer': 'signing', // the other region: see the key check below
  },
  signedByDecisionMaker: { 'SIGN_NOTICE properOfficer': 'awaitingPublication' },
  awaitingPublication: { RECORD_PUBLICATION: 'callInRunning' },
  callInRunning: { CALL_IN: 'suspended', 'DEADLINE_PASSED callIn': 'implementable' },
  suspended: {
    'RECORD_CALL_IN_OUTCOME confirmed': 'implementable',
    'RECORD_CALL_IN_OUTCOME referredBack': 'awaitingDecision',
  },
  implementable: {},
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

describe('jcb delegated decision: every state × every event', () => {
  it('lists every state the machine can rest in, and every event it handles', () => {
    const keys = new Set(
      getShortestPaths(machine, {
        input,
        events: Object.values(E) as JcbEvent[],
        serializeState: (s) => stateKey(s.value),
      }).map((p) => stateKey(p.state.value)),
    );
    const expected = Object.values(STATES).map((s) => s.key);
    // Signed by the Proper Officer first: the mirror of signedByDecisionMaker.
    expected.push('signing.decisionMaker.awaiting;signing.properOfficer.signed');
    expect([...keys].sort()).toEqual(expected.sort());
    const handled = machine.root.events.filter((t) => !t.startsWith('xstate.'));
    expect([...new Set(Object.values(E).map((e) => e.type))].sort()).toEqual(
      [...new Set(handled)].sort(),
    );
  });

  it.each(cells)('in $state, $event is $outcome', ({ state, event, to }) => {
    const before = reach(state);
    expect(stateKey(before.value)).toBe(STATES[state].key);
    const ev = E[event] as JcbEvent;
    const [after, actions] = transition(machine, before, ev);
    if (!to) {
      expect(before.can(ev)).toBe(false);
      expect(after).toBe(before);
      expect(actions).toEqual([]);
    } else {
      expect(before.can(ev)).toBe(true);
      const key =
        state === 'signing' && event === 'SIGN_NOTICE properOfficer'
          ? 'signing.decisionMaker.awaiting;signing.properOfficer.signed'
          : STATES[to].key;
      expect(stateKey(after.value)).toBe(key);
    }
  });
});

describe('jcb delegated decision: what each step records and arms', () => {
  it('arms the meeting deadline with reminders when the case opens', () => {
    const [, actions] = initialTransition(machine, input);
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M1}`]);
  });

  it('refuses notices for another meeting date than the case’s', () => {
    const s = reach('notices');
    expect(s.can({ ...E['RECORD_NOTICES met'], meetingDate: M2 })).toBe(false);
  });

  it('refuses attendance recorded for another meeting', () => {
    expect(reach('meeting').can(E['RECORD_ATTENDANCE quorate M2'])).toBe(false);
  });

  it('refuses a show of hands for an attendance other than the one recorded', () => {
    const s = reach('showOfHands');
    const other = { ...facts(M1), attendance: [] };
    expect(
      s.can({
        ...(E['RECORD_SHOW_OF_HANDS consensus M1'] as object),
        meeting: other,
      } as unknown as JcbEvent),
    ).toBe(false);
  });

  it('keeps the deferral and moves the item to the later meeting on reconsideration', () => {
    const [s, actions] = transition(machine, reach('deferred'), E['RECONSIDER M2']);
    expect(s.context.dates.meetingDate).toBe(M2);
    expect(s.context.deferrals).toHaveLength(1);
    expect(s.context.deferrals[0].showOfHands.outcome).toBe('noConsensusDeferred');
    expect(s.context.meeting).toBeNull();
    expect(effects(actions as never)).toEqual([`armDeadline:meeting@${M2}`]);
  });

  it('refuses reconsideration at a meeting no later than the one that deferred', () => {
    expect(reach('deferred').can({ ...E['RECONSIDER M2'], meetingDate: M1 })).toBe(false);
  });

  it('refuses a decision claiming a Cabinet member’s agreement who did not show a hand for', () => {
    expect(
      reach('awaitingDecision').can({ ...E.RECORD_DECISION, cabinetMembersAgreeing: ['c1', 'x'] }),
    ).toBe(false);
  });

  it('asks both signatories for the notice when the decision is recorded', () => {
    const [s, actions] = transition(machine, reach('awaitingDecision'), E.RECORD_DECISION);
    expect(s.context.decision?.amount).toBe(1_500_000);
    expect(effects(actions as never)).toEqual(['notify:notice-signature-requested']);
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
    for (const e of STATES.awaitingPublication.via)
      s = transition(
        machine,
        s,
        e === 'RECORD_NOTICES met' ? { ...E[e], keyDecision: false } : E[e],
      )[0];
    const [after] = transition(machine, s, E.RECORD_PUBLICATION);
    expect(stateKey(after.value)).toBe('implementable');
    expect(after.context.implementableOn).toBe('2025-10-03');
  });

  it('refuses a call-in after the call-in period ended', () => {
    expect(reach('callInRunning').can({ ...E.CALL_IN, calledInOn: '2025-10-11' })).toBe(false);
  });

  it('suspends on call-in and cancels the call-in deadline', () => {
    const [, actions] = transition(machine, reach('callInRunning'), E.CALL_IN);
    expect(effects(actions as never)).toEqual([
      'cancelDeadline:callIn',
      'notify:decision-called-in',
    ]);
  });

  it('sends a referred-back decision to the decision maker afresh, keeping the earlier one', () => {
    const [s] = transition(machine, reach('suspended'), E['RECORD_CALL_IN_OUTCOME referredBack']);
    expect(s.context.decision).toBeNull();
    expect(s.context.earlierDecisions).toHaveLength(1);
    expect(s.context.signatures).toEqual({ decisionMaker: null, properOfficer: null });
  });

  it('makes a confirmed decision implementable from the later of the outcome and the period end', () => {
    const [s] = transition(machine, reach('suspended'), E['RECORD_CALL_IN_OUTCOME confirmed']);
    expect(s.context.implementableOn).toBe('2025-10-20');
    expect(s.context.callIn?.outcome?.result).toBe('decisionConfirmed');
  });
});

describe('jcb delegated decision: generated paths', () => {
  const events = Object.values(E) as JcbEvent[];
  const serializeState = (s: Snapshot) => stateKey(s.value);
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

  it('becomes implementable only after consensus, a decision, both signatures and publication', () => {
    const done = getSimplePaths(machine, {
      input,
      events,
      serializeState,
      toState: (s) => s.value === 'implementable',
    });
    expect(done.length).toBeGreaterThan(0);
    for (const p of done) {
      const types: string[] = p.steps.map((s) => s.event.type);
      const at = (t: string) => types.indexOf(t);
      expect(at('RECORD_SHOW_OF_HANDS')).toBeGreaterThan(at('RECORD_ATTENDANCE'));
      expect(at('RECORD_DECISION')).toBeGreaterThan(at('RECORD_SHOW_OF_HANDS'));
      expect(types.filter((t) => t === 'SIGN_NOTICE')).toHaveLength(2);
      expect(at('RECORD_PUBLICATION')).toBeGreaterThan(types.lastIndexOf('SIGN_NOTICE'));
    }
  });
});
