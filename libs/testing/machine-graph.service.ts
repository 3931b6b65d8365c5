import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { persist, restore, stateKey } from '../engine/machine-snapshot.service';

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
