import { transition } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { stateKey } from '../machine-snapshot.service';
import {
  type JcbV3Event,
  jcbDelegatedDecisionV3Machine as machine,
} from './jcb-delegated-decision-v3.machine';
import {
  after,
  E,
  EventName,
  input,
  reach,
  serializeState,
  SIGNING,
  Snapshot,
  StateName,
  STATES,
} from './jcb-delegated-decision-v3.walks';

/**
 * Version 3 of the JCB delegated decision statechart, checked purely: version 2's steps, with the
 * decision drafted by the officer and answered by the decision maker from an emailed link (take it
 * or decline it with reasons), and the Decision Notice signed or declined the same way by each
 * signatory. Every state it rests in (exempt or not) against every event it knows, the effects of
 * the steps that changed, then generated paths over states told apart by whether the decision is
 * exempt. Events carry what the template layer writes (the day of an answer, the delegation check,
 * the Cabinet members agreeing).
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
