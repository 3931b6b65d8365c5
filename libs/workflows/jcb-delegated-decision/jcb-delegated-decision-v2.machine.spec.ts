import { transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import {
  type JcbV2Event,
  jcbDelegatedDecisionV2Machine as machine,
} from './jcb-delegated-decision-v2.machine';
import {
  E,
  EventName,
  input,
  reach,
  serializeState,
  Snapshot,
  StateName,
  STATES,
} from './jcb-delegated-decision-v2.walks';

/**
 * Version 2 of the JCB delegated decision statechart, checked purely: version 1's steps plus the
 * urgency exemption from call-in. Every state it rests in (exempt or not) against every event it
 * knows, the effects of the steps that changed, then generated paths over states told apart by
 * whether the decision is exempt. Events carry what the template layer computes.
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
