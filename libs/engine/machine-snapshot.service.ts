import type {
  AnyMachineSnapshot,
  AnyStateMachine,
  AnyStateNode,
  StateValue,
  StateValueMap,
} from 'xstate';

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

/**
 * A state value with its keys in the machine's definition order. JSONB stores object keys
 * shortest first, and xstate keeps the order it is given, so without this a restored parallel
 * state ("noting" before "assurance") would give a different state key than a fresh one.
 */
function inDefinitionOrder(node: AnyStateNode, value: StateValue): StateValue {
  if (typeof value === 'string') return value;
  const ordered: StateValueMap = {};
  for (const key of [...Object.keys(node.states), ...Object.keys(value)]) {
    if (key in ordered || value[key] === undefined) continue;
    const child = node.states[key] as AnyStateNode | undefined;
    ordered[key] = child ? inDefinitionOrder(child, value[key]) : value[key];
  }
  return ordered;
}

/** Rebuilds a snapshot read back from JSON so that `transition` can use it. */
export function restore(machine: AnyStateMachine, persisted: unknown): AnyMachineSnapshot {
  const p = persisted as Parameters<AnyStateMachine['resolveState']>[0];
  return machine.resolveState({ ...p, value: inDefinitionOrder(machine.root, p.value) });
}

export function persist(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): unknown {
  return machine.getPersistedSnapshot(snapshot);
}
