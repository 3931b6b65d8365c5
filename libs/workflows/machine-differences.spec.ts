import { initialTransition, setup, transition } from 'xstate';
import { derive, placedBefore } from './machine-differences.service';

/** A version as its predecessor plus its differences, and the rules the differences keep. */
const before = setup({
  guards: { open: () => true },
  actions: { note: () => undefined },
}).createMachine({
  id: 'm',
  context: () => ({ count: 0 }),
  initial: 'a',
  states: {
    a: { on: { GO: { guard: 'open', target: 'c' }, STAY: {} } },
    c: { on: { BACK: 'a' } },
  },
});

describe('a machine derived from its predecessor and its differences', () => {
  it('adds states where asked, extends the context and keeps everything else', () => {
    const after = derive<{ count: number; extra: boolean }, { type: string }, unknown>(before, {
      context: (old) => (args) => ({ ...old(args), extra: true }),
      addedStates: { b: placedBefore('c', { on: { BACK: 'a' } }) },
      addedTransitions: { a: { TO_B: placedBefore('GO', { target: 'b' }) } },
    });
    expect(Object.keys(after.root.states)).toEqual(['a', 'b', 'c']);
    expect([...after.root.states.a.transitions.keys()]).toEqual(['TO_B', 'GO', 'STAY']);
    const [start] = initialTransition(after, undefined);
    expect(start.context).toEqual({ count: 0, extra: true });
    expect(transition(after, start, { type: 'TO_B' })[0].value).toBe('b');
    expect(transition(after, start, { type: 'GO' })[0].value).toBe('c');
    expect(Object.keys(before.root.states)).toEqual(['a', 'c']);
  });

  it('replaces transitions, whole or rewritten from the predecessor’s', () => {
    const after = derive(before, {
      replacedTransitions: {
        a: { GO: (old: unknown[]) => [{ guard: 'shut', target: 'a' }, ...old] },
      },
      guards: { shut: () => false },
    });
    const [start] = initialTransition(after, undefined);
    expect(transition(after, start, { type: 'GO' })[0].value).toBe('c');
    expect(after.root.states.a.transitions.get('GO')).toHaveLength(2);
  });

  it('refuses to give a guard or an action a name the predecessor has', () => {
    expect(() => derive(before, { guards: { open: () => false } })).toThrow(
      'the guard "open" exists already; changed behaviour gets a new name',
    );
    expect(() => derive(before, { actions: { note: () => undefined } })).toThrow(
      'the action "note" exists already',
    );
  });

  it('refuses to add what exists, or to replace what does not', () => {
    expect(() => derive(before, { addedStates: { c: {} } })).toThrow('state c exists already');
    expect(() => derive(before, { replacedStates: { z: {} } })).toThrow('no state z');
    expect(() => derive(before, { addedTransitions: { a: { GO: 'c' } } })).toThrow(
      'a takes GO already',
    );
    expect(() => derive(before, { replacedTransitions: { c: { GO: 'a' } } })).toThrow(
      'c does not take GO',
    );
  });
});
