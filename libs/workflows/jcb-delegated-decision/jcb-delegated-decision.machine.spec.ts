import { transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import type { JcbEvent } from './jcb-delegated-decision.context';
import { jcbDelegatedDecisionMachine as machine } from './jcb-delegated-decision.machine';
import {
  E,
  EventName,
  input,
  reach,
  Snapshot,
  StateName,
  STATES,
} from './jcb-delegated-decision.walks';

/**
 * The JCB delegated decision statechart, checked purely: every state it rests in against every
 * event it knows, the effects of the main steps, then generated paths (every state node reachable,
 * every path can still end). The events carry what the template layer computes (verdicts, quorum,
 * outcome, call-in dates), as they would after validation.
 */

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
