import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { getStateNodes } from 'xstate/graph';
import { stateKey } from '../workflows/machine-snapshot.service';

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
