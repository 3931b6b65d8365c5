import fc from 'fast-check';
import {
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
} from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { persist, restore, stateKey, transitionOf } from '../workflows/machine-snapshot.service';

/** A snapshot as the engine stores and reads it back: persisted, through JSON, restored. */
export function restoredFromJson(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
): AnyMachineSnapshot {
  return restore(machine, JSON.parse(JSON.stringify(persist(machine, snapshot))));
}

/** Every state node path active in any of the snapshots, ancestors included ("a", "a.b", …). */
export function activeStatePaths(snapshots: { value: AnyMachineSnapshot['value'] }[]): Set<string> {
  return new Set(
    snapshots.flatMap((s) =>
      stateKey(s.value)
        .split(';')
        .flatMap((leaf) => leaf.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))),
    ),
  );
}

/** The paths of all the machine's state nodes (the root excluded). */
export function stateNodePaths(machine: AnyStateMachine): string[] {
  return getStateNodes(machine.root).map((n) => n.path.join('.'));
}

const plainActions = (actions: { type: string; params?: unknown }[]) =>
  actions.map((a) => ({ type: a.type, params: a.params }));

/**
 * The engine's transitionOf gives xstate's own transition, step for step, on random walks over
 * `events`, each step from the snapshot as the engine stores it (persisted, through JSON).
 */
export function expectEngineTransitionsAsXstate(
  machine: AnyStateMachine,
  input: unknown,
  events: readonly EventObject[],
  numRuns = 100,
): void {
  const [initial] = initialTransition(machine, input);
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...events), { maxLength: 30 }), (walk) => {
      let stored: unknown = JSON.parse(JSON.stringify(persist(machine, initial)));
      for (const event of walk) {
        const [ours, ourActions] = transitionOf(machine, restore(machine, stored), event);
        const [theirs, theirActions] = transition(machine, restore(machine, stored), event);
        expect(persist(machine, ours)).toEqual(persist(machine, theirs));
        expect(plainActions(ourActions)).toEqual(plainActions(theirActions));
        stored = JSON.parse(JSON.stringify(persist(machine, ours)));
      }
    }),
    { numRuns },
  );
}
