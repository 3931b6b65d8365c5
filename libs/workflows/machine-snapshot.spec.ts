import { createMachine, fromPromise, initialTransition } from 'xstate';
import { transitionOf } from './machine-snapshot.service';

describe("the engine's transition", () => {
  // Every template version is walked against xstate's own transition in
  // libs/workflows/template-contract.spec.ts.
  it("goes back to xstate's own transition for a machine whose snapshots hold children", () => {
    const spawning = createMachine({
      id: 'spawning',
      initial: 'idle',
      states: {
        idle: { on: { GO: 'working' } },
        working: {
          invoke: { src: fromPromise(async () => 1), systemId: 'worker' },
          on: { STOP: 'idle' },
        },
      },
    });
    const [idle] = initialTransition(spawning);
    // Twice: a child registered under its system id in a shared system would collide the second time.
    for (let i = 0; i < 2; i++) {
      const [working] = transitionOf(spawning, idle, { type: 'GO' });
      expect(working.value).toBe('working');
      expect(Object.keys(working.children)).toHaveLength(1);
      const [back] = transitionOf(spawning, working, { type: 'STOP' });
      expect(back.value).toBe('idle');
    }
  });
});
