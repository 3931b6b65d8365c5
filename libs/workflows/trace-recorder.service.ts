import { canonicalize } from 'json-canonicalize';
import {
  __unsafe_getAllOwnEventDescriptors as ownEventTypes,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
} from 'xstate';
import { getShortestPaths, getStateNodes } from 'xstate/graph';
import {
  openCase,
  stepOf,
  throughTheDatabase,
  type CaseSurroundings,
  type SentEvent,
  type StepOutcome,
} from './template-step.service';
import { directoryFromJson, replayTrace, type TraceFile } from './trace-replay.service';
import type { WorkflowTemplate } from './workflow.template';

/**
 * How a released version's traces are made (tools/record-traces.ts): from a plan of the events
 * people send (valid payloads for every branch, and the payloads each rule refuses), the template
 * is explored with xstate's shortest paths, and sequences are chosen until every transition of
 * the machine has been taken; before each step, in every situation first met, the plan's events
 * that the template refuses or the machine does not take there are sent too. The plan's journeys
 * (whole cases told as stories) come first.
 */
export interface TracePlan {
  template: string;
  version: number;
  settings?: unknown;
  /** The case's directory (JSON; dates as ISO strings), for templates whose rules read it. */
  directory?: unknown;
  opening: { on: string; dates: Record<string, string> };
  /** Events by name; `on` defaults to the opening day. */
  events: Record<string, Omit<SentEvent, 'on'> & { on?: string }>;
  journeys?: Record<string, string[]>;
}

/** An event written as the machine specs write theirs: its type, perhaps the role and day, the payload's fields. */
export type PlannedEvent = { type: string; role?: string; on?: string } & Record<string, unknown>;

/**
 * Plan events from events written as the machine specs write theirs: sent in the role they name,
 * else by the deadline worker for its own events, else by the officer.
 */
export function sentAs(events: Record<string, PlannedEvent>): TracePlan['events'] {
  return Object.fromEntries(
    Object.entries(events).map(([name, { type, role, on, ...payload }]) => [
      name,
      {
        type,
        role:
          role ?? (type === 'DEADLINE_PASSED' || type === 'REMINDER_DUE' ? 'system' : 'officer'),
        payload,
        ...(on ? { on } : {}),
      },
    ]),
  );
}

/** Every transition an event can take, as `<state node id> <EVENT>#<index>`; the machine's own events left out. */
export function machineTransitions(machine: AnyStateMachine): string[] {
  return [machine.root, ...getStateNodes(machine.root)].flatMap((node) =>
    [...node.transitions.entries()]
      .filter(([type]) => !type.startsWith('xstate.'))
      .flatMap(([type, list]) => list.map((_, i) => `${node.id} ${type}#${i}`)),
  );
}

/** The transitions `event` takes from `snapshot`. */
export function transitionsTaken(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: EventObject,
): string[] {
  return machine.getTransitionData(snapshot, event).map((t) => {
    const list = t.source.transitions.get(t.eventType) ?? [];
    return `${t.source.id} ${t.eventType}#${list.indexOf(t)}`;
  });
}

interface Walked {
  /** The snapshot the event was sent to, as read back from the database. */
  before: AnyMachineSnapshot;
  name: string;
  outcome: StepOutcome;
  transitions: string[];
  /** The snapshot after it, as read back from the database. */
  after: AnyMachineSnapshot;
}

/** Sends the file's events to a new case in the orders asked; every prefix walked is remembered. */
export class Walker {
  private readonly around: CaseSurroundings;
  private readonly opened: AnyMachineSnapshot;
  private readonly memo = new Map<string, Walked>();

  constructor(
    private readonly template: WorkflowTemplate,
    private readonly file: Pick<TraceFile, 'settings' | 'directory' | 'opening' | 'events'>,
  ) {
    this.around = {
      settings: file.settings,
      directory: file.directory ? directoryFromJson(file.directory) : undefined,
    };
    const opened = openCase(template, file.opening.on, file.opening.dates);
    if (!opened.snapshot)
      throw new Error(`the opening is refused: ${JSON.stringify(opened.outcome)}`);
    this.opened = throughTheDatabase(template, opened.snapshot);
  }

  get start(): AnyMachineSnapshot {
    return this.opened;
  }

  /** `name` sent to `before`: what it did, which transitions it took, where it left the case. */
  send(before: AnyMachineSnapshot, name: string): Walked {
    const step = stepOf(this.template, before, this.file.events[name], this.around);
    const transitions =
      'landed' in step.outcome && step.event
        ? transitionsTaken(this.template.machine, before, step.event)
        : [];
    const after = throughTheDatabase(this.template, step.next);
    return { before, name, outcome: step.outcome, transitions, after };
  }

  walk(names: string[]): { steps: Walked[]; end: AnyMachineSnapshot } {
    let at = this.opened;
    let key = '';
    const steps = names.map((name) => {
      key += `\u0000${name}`;
      let walked = this.memo.get(key);
      if (!walked) {
        walked = this.send(at, name);
        this.memo.set(key, walked);
      }
      at = walked.after;
      return walked;
    });
    return { steps, end: at };
  }
}

/**
 * What the explorer tells situations apart by: the state and the shape of the context (which
 * entries are set, the flags, whether a list is empty), not its every value, so
 * that loops which add to a list end.
 */
function situation(s: AnyMachineSnapshot): string {
  const shape = (v: unknown, depth: number): unknown => {
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.length > 0;
    if (typeof v !== 'object') return 'value';
    if (depth > 2) return 'object';
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, shape(x, depth + 1)]),
    );
  };
  return JSON.stringify([s.value, shape(s.context, 0)]);
}

export function recordTraces(template: WorkflowTemplate, plan: TracePlan): TraceFile {
  const file: TraceFile = {
    template: template.id,
    version: template.version,
    about:
      'Recorded by `npm run traces:record` from the version as released; replayed by libs/workflows/released-traces.spec.ts. Never edit by hand: a released version does not change.',
    settings: plan.settings ?? {},
    directory: plan.directory ?? null,
    opening: plan.opening,
    events: Object.fromEntries(
      Object.entries(plan.events).map(([name, e]) => [
        name,
        { type: e.type, role: e.role, on: e.on ?? plan.opening.on, payload: e.payload },
      ]),
    ),
    traces: [],
  };
  const walker = new Walker(template, file);
  const names = Object.keys(file.events);
  const handledIn = (s: AnyMachineSnapshot) => {
    const types = new Set(ownEventTypes(s));
    return names.filter((n) => types.has(file.events[n].type));
  };

  // Sequences until every transition is taken: the journeys, then from each situation (nearest
  // first) an event taking a transition not yet taken, carried on while the next one does too.
  const taken = new Set<string>();
  const takeAll = (steps: Walked[]) =>
    steps.forEach((s) => s.transitions.forEach((t) => taken.add(t)));
  const sequences: { name: string; sends: string[] }[] = [];
  for (const [name, sends] of Object.entries(plan.journeys ?? {})) {
    const steps = walker.walk(sends).steps;
    const refused = steps.find((s) => !('landed' in s.outcome));
    if (refused)
      throw new Error(
        `journey "${name}": ${refused.name} did not land: ${JSON.stringify(refused.outcome)}`,
      );
    takeAll(steps);
    sequences.push({ name, sends });
  }
  const fresh = (route: string[]) =>
    handledIn(walker.walk(route).end)
      .map((name) => walker.walk([...route, name]).steps.at(-1)!)
      .find((w) => w.transitions.some((t) => !taken.has(t)));
  for (const route of shortestRoutes(walker, handledIn)) {
    let next = fresh(route);
    if (!next) continue;
    takeAll(walker.walk(route).steps);
    const sends = [...route];
    while (next) {
      sends.push(next.name);
      takeAll([next]);
      next = fresh(sends);
    }
    const last = walker.walk(sends).steps.at(-1)!;
    sequences.push({
      name: `${sequences.length + 1}: ${last.name} in ${JSON.stringify(last.before.value)}`,
      sends,
    });
  }
  const missed = machineTransitions(template.machine).filter((t) => !taken.has(t));
  if (missed.length > 0)
    throw new Error(
      `${template.id}@${template.version}: no event of the plan takes ${missed.join(', ')}: add one`,
    );

  // A sequence that another one starts with adds nothing.
  const startsWith = (b: string[], a: string[]) =>
    b.length >= a.length && a.every((x, k) => b[k] === x);
  const kept = sequences.filter(
    (a, i) =>
      a.name in (plan.journeys ?? {}) ||
      !sequences.some(
        (b, j) =>
          j !== i && startsWith(b.sends, a.sends) && (b.sends.length > a.sends.length || j < i),
      ),
  );

  // Before each step, in every situation first met, what the machine does not take there, and
  // each refusal the first time it is met (most do not depend on where the case stands).
  const probed = new Set<string>();
  const refusals = new Set<string>();
  for (const { name, sends } of kept) {
    const withProbes: string[] = [];
    const probe = (s: AnyMachineSnapshot) => {
      const key = situation(s);
      if (probed.has(key)) return;
      probed.add(key);
      for (const p of handledIn(s)) {
        const { outcome } = walker.send(s, p);
        if ('landed' in outcome) continue;
        const refusal = 'notAllowed' in outcome ? null : `${p} ${canonicalize(outcome)}`;
        if (refusal !== null && refusals.has(refusal)) continue;
        if (refusal !== null) refusals.add(refusal);
        withProbes.push(p);
      }
    };
    const walked = walker.walk(sends);
    walked.steps.forEach((s) => {
      probe(s.before);
      withProbes.push(s.name);
    });
    probe(walked.end);
    file.traces.push({ name, ...replayTrace(template, file, withProbes) });
  }
  return file;
}

/** The shortest route (event names) to every situation the events reach, shortest first. */
function shortestRoutes(
  walker: Walker,
  handledIn: (s: AnyMachineSnapshot) => string[],
): string[][] {
  // A vertex carries its route, so that every step is the walker's, remembered by its prefix.
  type Vertex = { status: 'active' | 'done'; output: undefined; error: undefined; route: string[] };
  const at = (route: string[]) => walker.walk(route).end;
  const vertex = (route: string[]): Vertex => ({
    status: at(route).status === 'done' ? 'done' : 'active',
    output: undefined,
    error: undefined,
    route,
  });
  // The template as xstate's graph tools take any actor logic: a pure transition and a start.
  const logic = {
    transition: (v: Vertex, e: EventObject) => vertex([...v.route, e.type]),
    getInitialSnapshot: () => vertex([]),
    getPersistedSnapshot: (v: Vertex) => v,
  };
  const paths = getShortestPaths(
    logic as never,
    {
      events: (v: Vertex) => handledIn(at(v.route)).map((type) => ({ type })),
      serializeState: (v: Vertex) => situation(at(v.route)),
    } as never,
  ) as { state: Vertex }[];
  return paths.map((p) => p.state.route).sort((a, b) => a.length - b.length);
}
