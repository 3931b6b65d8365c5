import { initialTransition, type AnyMachineSnapshot, type EventObject } from 'xstate';
import { persist, restore, stateKey, transitionOf } from './machine-snapshot.service';
import { jsonbOrder } from './template-step.service';
import type { WorkflowTemplate } from './workflow.template';

/** One stored event of a case (case_events), as the engine recorded it. */
export interface StoredEvent {
  seq: number;
  type: string;
  /** The payload as validated, which the machine was sent with the type and the role. */
  payload: Record<string, unknown>;
  /** The role the sender acted in (case_events.authority.role). */
  role: string | null;
}

/** A case as stored: its dates, its events in order, and where the engine left it. */
export interface StoredCase {
  dates: Record<string, string>;
  events: StoredEvent[];
  snapshot: unknown;
  stateKey: string;
  summary: string;
}

/** Where a replay parts from what is stored, in words, and the event at which it did (if one). */
export interface Divergence {
  seq: number | null;
  explanation: string;
}

/** As the database gives a snapshot back: through JSON, keys in jsonb's order. */
const stored = (v: unknown): unknown => jsonbOrder(JSON.parse(JSON.stringify(v)));

/**
 * A case's stored events replayed through its template version's machine, as the engine took
 * them (opened on its dates, each step from the snapshot as the database stores it, with the
 * payload as validated and the role it was sent in), without writing anything; facts that are not
 * the template's events (a document attached) do not move a case and are passed over. Null when the
 * replay ends where the case is stored (snapshot, state and summary); else where they part.
 * Before a deploy, a divergence means the code would now take a running case somewhere else.
 */
export function replayCase(template: WorkflowTemplate, c: StoredCase): Divergence | null {
  const machine = template.machine;
  let [snapshot]: [AnyMachineSnapshot, unknown] = initialTransition(machine, { dates: c.dates });
  for (const e of c.events) {
    if (!Object.hasOwn(template.events, e.type)) continue;
    const from = restore(machine, stored(persist(machine, snapshot)));
    const event = { ...e.payload, type: e.type, role: e.role } as EventObject;
    if (!from.can(event))
      return {
        seq: e.seq,
        explanation: `${e.type} (event ${e.seq}) is no longer taken in ${stateKey(from.value)}`,
      };
    [snapshot] = transitionOf(machine, from, event);
  }
  const key = stateKey(snapshot.value);
  if (key !== c.stateKey)
    return {
      seq: null,
      explanation: `the replay ends in ${key}, the case is stored in ${c.stateKey}`,
    };
  const summary = template.describe(snapshot.value, snapshot.context).summary;
  if (summary !== c.summary)
    return { seq: null, explanation: `the replay says "${summary}", the case says "${c.summary}"` };
  const replayed = JSON.stringify(stored(persist(machine, snapshot)));
  const kept = JSON.stringify(jsonbOrder(c.snapshot));
  if (replayed !== kept)
    return {
      seq: null,
      explanation: `the replayed snapshot differs from the stored one: ${firstDifference(
        JSON.parse(replayed),
        JSON.parse(kept),
      )}`,
    };
  return null;
}

/** The path of the first value that differs between two JSON values, and the two values. */
function firstDifference(a: unknown, b: unknown, path = 'snapshot'): string {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) {
      const x = (a as Record<string, unknown>)[k];
      const y = (b as Record<string, unknown>)[k];
      if (JSON.stringify(x) !== JSON.stringify(y)) return firstDifference(x, y, `${path}.${k}`);
    }
  }
  return `${path} is ${JSON.stringify(a)} on replay, ${JSON.stringify(b)} as stored`;
}
