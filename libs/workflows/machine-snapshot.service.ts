import {
  createActor,
  transition as xstateTransition,
  type AnyActorRef,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type EventObject,
  type StateValue,
  type StateValueMap,
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

/** An action as the pure transition returns it, not carried out. */
export interface PlannedAction {
  type: string;
  params?: unknown;
}

/**
 * One inert actor per machine, made once. xstate's own `transition` builds a fresh one on every
 * call, and building it runs the machine's initial state without input (the context factory
 * throws and is caught): about 40 of its 50 µs, on every event (docs/benchmarks.md).
 */
const INERT = new WeakMap<AnyStateMachine, AnyActorRef | null>();

/**
 * xstate's pure `transition`: the next snapshot and the actions it declares, none carried out.
 * The shared actor's system is where spawned or invoked children would register by system id,
 * so a machine whose snapshots hold children goes back to xstate's `transition` for good (no
 * released template has any: their effects are declared actions).
 */
export function transitionOf(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, PlannedAction[]] {
  let self = INERT.get(machine);
  if (self === undefined) {
    self = createActor(machine);
    INERT.set(machine, self);
  }
  if (self === null || hasChildren(snapshot)) return fresh(machine, snapshot, event);
  const actions: PlannedAction[] = [];
  const next = machine.transition(snapshot, event, {
    self,
    system: self.system,
    id: '',
    sessionId: '',
    logger: () => undefined,
    defer: () => undefined,
    emit: () => undefined,
    stopChild: () => undefined,
    actionExecutor: (a) => {
      actions.push(a);
    },
  });
  if (hasChildren(next)) {
    INERT.set(machine, null);
    return fresh(machine, snapshot, event);
  }
  return [next, actions];
}

function fresh(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): [AnyMachineSnapshot, PlannedAction[]] {
  return xstateTransition(machine, snapshot, event) as [AnyMachineSnapshot, PlannedAction[]];
}

function hasChildren(snapshot: AnyMachineSnapshot): boolean {
  return Object.keys(snapshot.children).length > 0;
}
