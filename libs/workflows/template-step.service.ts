import {
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type EventObject,
  type StateValue,
} from 'xstate';
import type { CaseDirectory } from '../directory/directory.repository';
import { withCouncilRules } from './council-context.service';
import type { WorkflowTemplate } from './workflow.template';

/**
 * One event through a whole template, as the engine's send() takes it but without a database:
 * the payload validated by the template (in the council's settings, the case's directory and
 * context, on the event's day), who may send it, whether the machine accepts it where the case
 * stands, then the pure transition and everything the engine reads off the result (the state in
 * plain words, who is awaited, the effects the machine declares, the context). Recorded traces are
 * made of these outcomes (trace-replay.service.ts): what a released version does, whatever its
 * source looks like.
 */

/** An event as someone sends it: its type, the role they act in, the day it arrives (London), the payload as sent. */
export interface SentEvent {
  type: string;
  role: string;
  on: string;
  payload: Record<string, unknown>;
}

/** What a case's events are judged by besides the case itself. */
export interface CaseSurroundings {
  /** The council's settings for the rules (libs/governance/council-settings.service.ts). */
  settings: unknown;
  /** The case's directory: role bindings, offices, delegations, people. */
  directory?: CaseDirectory;
}

/** An effect as the machine declares it, with what the engine reads for it from the template. */
export interface DeclaredEffect {
  type: string;
  [param: string]: unknown;
}

/** Where an accepted event (or the opening) leaves the case. */
export interface Landed {
  value: StateValue;
  status: string;
  summary: string;
  awaiting: string[];
  effects: DeclaredEffect[];
  context: Record<string, unknown>;
}

export type StepOutcome =
  | { unknownEvent: string }
  | { refused: { path: string; message: string }[] }
  | { mayNotSend: string }
  | { notAllowed: true }
  | { landed: Landed };

export interface Step {
  outcome: StepOutcome;
  /** The snapshot after the event (the same one when it was not taken). */
  next: AnyMachineSnapshot;
  /** The event as the machine received it, when it got that far. */
  event?: EventObject;
}

/** Plain JSON: what survives being stored. */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? null)) as T;

/** A new case on `on` with `dates` (validated as the engine validates them at opening). */
export function openCase(
  template: WorkflowTemplate,
  on: string,
  dates: Record<string, string>,
): { outcome: StepOutcome; snapshot?: AnyMachineSnapshot } {
  const parsed = template.dates(on).safeParse(dates, { error: sameInEveryRealm });
  if (!parsed.success) return { outcome: { refused: problems(parsed.error.issues) } };
  const [snapshot, actions] = initialTransition(template.machine, { dates: parsed.data });
  return { outcome: { landed: landed(template, snapshot, actions) }, snapshot };
}

export function stepOf(
  template: WorkflowTemplate,
  snapshot: AnyMachineSnapshot,
  sent: SentEvent,
  around: CaseSurroundings,
): Step {
  const stay = (outcome: StepOutcome): Step => ({ outcome, next: snapshot });
  const spec = Object.hasOwn(template.events, sent.type) ? template.events[sent.type] : undefined;
  if (!spec) return stay({ unknownEvent: sent.type });
  const parse = () => spec.payload.safeParse(sent.payload, { error: sameInEveryRealm });
  // As the engine: only templates that read the council's rules validate inside them.
  const parsed = template.usesCouncilSettings
    ? withCouncilRules(around.settings ?? {}, parse, around.directory, snapshot.context, sent.on)
    : parse();
  if (!parsed.success) return stay({ refused: problems(parsed.error.issues) });
  if (!spec.sendableBy.includes(sent.role)) return stay({ mayNotSend: sent.role });
  const event = { ...parsed.data, type: sent.type, role: sent.role } as EventObject;
  if (!snapshot.can(event)) return { ...stay({ notAllowed: true }), event };
  const [next, actions] = transition(template.machine, snapshot, event);
  return { outcome: { landed: landed(template, next, actions) }, next, event };
}

/**
 * The snapshot as the engine reads it back: persisted, stored as jsonb (which orders an object's
 * keys shortest first, then bytewise) and restored. Guards that compare what the case recorded
 * with what an event carries see the keys in the database's order, as they do in production.
 */
export function throughTheDatabase(
  template: WorkflowTemplate,
  snapshot: AnyMachineSnapshot,
): AnyMachineSnapshot {
  const persisted = plain(template.machine.getPersistedSnapshot(snapshot)) as unknown as {
    context: unknown;
  };
  return template.machine.resolveState({
    ...(persisted as object),
    context: jsonbOrder(persisted.context),
  } as Parameters<WorkflowTemplate['machine']['resolveState']>[0]);
}

export function jsonbOrder(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonbOrder);
  if (v === null || typeof v !== 'object') return v;
  const keys = Object.keys(v).sort((a, b) => {
    const [x, y] = [Buffer.from(a), Buffer.from(b)];
    return x.length - y.length || Buffer.compare(x, y);
  });
  return Object.fromEntries(keys.map((k) => [k, jsonbOrder((v as Record<string, unknown>)[k])]));
}

function landed(
  template: WorkflowTemplate,
  snapshot: AnyMachineSnapshot,
  actions: { type: string; params?: unknown }[],
): Landed {
  const described = template.describe(snapshot.value, snapshot.context);
  return {
    value: plain(snapshot.value),
    status: snapshot.status,
    summary: described.summary,
    awaiting: described.awaiting,
    effects: actions.flatMap((a) => effectOf(template, a, snapshot.context)),
    context: plain(snapshot.context) as Record<string, unknown>,
  };
}

/**
 * xstate's own bookkeeping (assign and the like) carries nothing out; every other action is an
 * effect the engine plans. A notification also says what the email will give as its deadline and,
 * for a request answered from a link, what the link's page shows.
 */
function effectOf(
  template: WorkflowTemplate,
  action: { type: string; params?: unknown },
  context: unknown,
): DeclaredEffect[] {
  if (action.type.startsWith('xstate.')) return [];
  const params = plain((action.params ?? {}) as Record<string, unknown>);
  if (action.type !== 'notify') return [{ type: action.type, ...params }];
  const message = String(params.message);
  const request = template.requestMessages.includes(message);
  return [
    {
      type: action.type,
      ...params,
      deadline: template.deadlineFor(message, context),
      ...(request && template.requestDetails
        ? { details: template.requestDetails(message, context) }
        : {}),
    },
  ];
}

/**
 * zod names a plain object's type "object" when it was made where zod was loaded and "Object"
 * (its constructor's name) when it was made in another JavaScript realm, as jest's structuredClone
 * makes it; a recorded refusal must not depend on where its payload was built. Every other
 * message is zod's own (undefined falls through to it).
 */
function sameInEveryRealm(issue: {
  code?: string;
  expected?: unknown;
  input?: unknown;
}): string | undefined {
  const input = issue.input;
  if (issue.code !== 'invalid_type' || typeof input !== 'object' || input === null)
    return undefined;
  if (Object.prototype.toString.call(input) !== '[object Object]') return undefined;
  const made = (input as { constructor?: { name?: string } }).constructor?.name;
  if (made !== 'Object') return undefined;
  return `Invalid input: expected ${String(issue.expected)}, received object`;
}

function problems(
  issues: { path: PropertyKey[]; message: string }[],
): { path: string; message: string }[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}
