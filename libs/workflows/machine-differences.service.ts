import {
  createMachine,
  type AnyStateMachine,
  type EventObject,
  type MachineContext,
  type StateMachine,
} from 'xstate';

/**
 * A template version's machine as its predecessor's plus its differences (docs/adr/0007): states
 * added or replaced, transitions added or replaced, the context of a new case extended, and new
 * named guards and actions. Named implementations are append-only: a version never gives an
 * existing name another meaning (changed behaviour gets a new name), so what a name meant in a
 * released version it means in every later one. Everything not named in the differences is the
 * predecessor's, the very same objects and functions.
 */
export interface MachineDifferences {
  /** The context of a new case, from the predecessor's. */
  context?: (before: ContextFactory) => ContextFactory;
  /** Named actions and guards the predecessor does not have. */
  actions?: Record<string, unknown>;
  guards?: Record<string, unknown>;
  /** New states by path ("a.b"); `placedBefore` puts one before a sibling, else it comes last. */
  addedStates?: Record<string, StateConfig | Placed<StateConfig>>;
  /** States replaced whole, by path. */
  replacedStates?: Record<string, StateConfig>;
  /** Transitions on events a state ("" the root) did not take before, by state path and event. */
  addedTransitions?: Record<string, Record<string, unknown>>;
  /** A state's transitions on an event replaced, or rewritten from the predecessor's list. */
  replacedTransitions?: Record<string, Record<string, Rewrite | object | string>>;
}

type Rewrite = (before: unknown[]) => unknown;

/** The derived machine as its version's specs and templates see it: its context, events and input. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- only these three are the version's own
type Loose = any;
export type DerivedMachine<
  TContext extends MachineContext,
  TEvent extends EventObject,
  TInput,
> = StateMachine<
  TContext,
  TEvent,
  Loose,
  Loose,
  Loose,
  Loose,
  Loose,
  Loose,
  Loose,
  TInput,
  Loose,
  Loose,
  Loose,
  Loose
>;

export type ContextFactory = (args: { input: unknown }) => Record<string, unknown>;
type StateConfig = Record<string, unknown>;

/** An addition that goes before a sibling (a state, or an event's transitions) where order shows. */
export class Placed<T> {
  constructor(
    readonly before: string,
    readonly value: T,
  ) {}
}

export function placedBefore<T>(sibling: string, value: T): Placed<T> {
  return new Placed(sibling, value);
}

export function derive<TContext extends MachineContext, TEvent extends EventObject, TInput>(
  base: AnyStateMachine,
  d: MachineDifferences,
): DerivedMachine<TContext, TEvent, TInput> {
  const config = copy(base.config) as StateConfig;
  const impl = base.implementations as {
    actions: Record<string, unknown>;
    guards: Record<string, unknown>;
    actors: Record<string, unknown>;
    delays: Record<string, unknown>;
  };
  for (const [kind, added] of [
    ['action', d.actions],
    ['guard', d.guards],
  ] as const)
    for (const name of Object.keys(added ?? {}))
      if (Object.hasOwn(kind === 'action' ? impl.actions : impl.guards, name))
        throw new Error(
          `${base.id}: the ${kind} "${name}" exists already; changed behaviour gets a new name`,
        );
  if (d.context) config.context = d.context(config.context as ContextFactory);

  for (const [path, added] of Object.entries(d.addedStates ?? {})) {
    const { parent, key } = parentOf(config, path);
    const states = (parent.states ?? {}) as Record<string, StateConfig>;
    if (Object.hasOwn(states, key)) throw new Error(`${base.id}: state ${path} exists already`);
    parent.states = insert(states, key, added);
  }
  for (const [path, state] of Object.entries(d.replacedStates ?? {})) {
    const { parent, key } = parentOf(config, path);
    const states = parent.states as Record<string, StateConfig> | undefined;
    if (!states || !Object.hasOwn(states, key)) throw new Error(`${base.id}: no state ${path}`);
    states[key] = state;
  }
  for (const [path, events] of Object.entries(d.addedTransitions ?? {})) {
    const state = stateAt(config, path);
    const on = (state.on ?? {}) as Record<string, unknown>;
    for (const [event, transitions] of Object.entries(events)) {
      if (Object.hasOwn(on, event)) throw new Error(`${base.id}: ${path} takes ${event} already`);
      state.on = insert((state.on ?? {}) as Record<string, unknown>, event, transitions);
    }
  }
  for (const [path, events] of Object.entries(d.replacedTransitions ?? {})) {
    const on = stateAt(config, path).on as Record<string, unknown> | undefined;
    for (const [event, transitions] of Object.entries(events)) {
      if (!on || !Object.hasOwn(on, event))
        throw new Error(`${base.id}: ${path} does not take ${event}`);
      on[event] =
        typeof transitions === 'function'
          ? (transitions as Rewrite)([on[event]].flat())
          : transitions;
    }
  }
  return createMachine(
    config as never,
    {
      actions: { ...impl.actions, ...d.actions },
      guards: { ...impl.guards, ...d.guards },
      actors: impl.actors,
      delays: impl.delays,
    } as never,
  ) as unknown as AnyStateMachine;
}

function stateAt(config: StateConfig, path: string): StateConfig {
  if (path === '') return config;
  const { parent, key } = parentOf(config, path);
  const state = (parent.states as Record<string, StateConfig> | undefined)?.[key];
  if (!state) throw new Error(`no state ${path}`);
  return state;
}

function parentOf(config: StateConfig, path: string): { parent: StateConfig; key: string } {
  const keys = path.split('.');
  const key = keys.pop()!;
  return { parent: stateAt(config, keys.join('.')), key };
}

/** `entries` with `key` added last, or before the sibling a `Placed` value names. */
function insert<T>(
  entries: Record<string, T>,
  key: string,
  value: T | Placed<T>,
): Record<string, T> {
  if (!(value instanceof Placed)) return { ...entries, [key]: value };
  if (!Object.hasOwn(entries, value.before)) throw new Error(`nothing named ${value.before}`);
  return Object.fromEntries(
    Object.entries(entries).flatMap(([k, v]) =>
      k === value.before
        ? [
            [key, value.value],
            [k, v],
          ]
        : [[k, v]],
    ),
  );
}

/** The predecessor's configuration, its plain objects and lists copied, its functions shared. */
function copy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copy);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
  return v;
}
