import type { AnyMachineSnapshot, AnyStateMachine, StateValue } from 'xstate';

/** Every active leaf as a dotted path, joined with ";" for parallel states. */
export function stateKey(value: StateValue): string {
  const paths: string[] = [];
  const walk = (v: StateValue, prefix: string) => {
    if (typeof v === 'string') {
      paths.push(prefix ? `${prefix}.${v}` : v);
      return;
    }
    for (const [k, child] of Object.entries(v)) {
      if (child === undefined) continue;
      walk(child, prefix ? `${prefix}.${k}` : k);
    }
  };
  walk(value, '');
  return paths.join(';');
}

/** Rebuilds a snapshot read back from JSON so that `transition` can use it. */
export function restore(machine: AnyStateMachine, persisted: unknown): AnyMachineSnapshot {
  return machine.resolveState(persisted as Parameters<AnyStateMachine['resolveState']>[0]);
}

export function persist(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): unknown {
  return machine.getPersistedSnapshot(snapshot);
}
