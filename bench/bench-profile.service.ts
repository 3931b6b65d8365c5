import { chainHash } from '../libs/audit/audit-chain.service';
import { persist, restore, transitionOf } from '../libs/workflows/machine-snapshot.service';
import { findTemplate } from '../libs/workflows/template.registry';
import { drive } from './bench-load.service';
import { StepRows } from './bench-steps.service';
import { BenchCase, CYCLE, PROFILE_SECONDS, PhaseResult } from './engine-bench.settings';
import { transition } from 'xstate';

/**
 * The profile: statements per send and where the time goes, one client at a time, on both sides;
 * and the pure work of a send (validation, transition, effects) timed alone.
 */

export const STATEMENT_LABELS: [RegExp, string][] = [
  [/^(START TRANSACTION|BEGIN)/, 'BEGIN'],
  [/^COMMIT/, 'COMMIT'],
  [/FROM cases LEFT JOIN LATERAL/, 'SELECT case, tenant, documents'],
  [/FROM cases WHERE tenant_id = \$1 AND id = \$2/, 'SELECT case row'],
  [/^WITH d AS/, 'SELECT case directory (delegations, offices, people)'],
  [/^WITH u AS \( ?UPDATE cases/, 'WITH: UPDATE case (version check), event, audit, effects'],
  [/^UPDATE cases/, 'UPDATE case (version check)'],
  [/^INSERT INTO case_events/, 'INSERT case_events'],
  [/^SELECT hash FROM audit_records/, 'SELECT audit prev hash'],
  [/^INSERT INTO audit_records/, 'INSERT audit_records'],
  [/the step closed/, 'UPDATE action_links (void: step closed)'],
  [/superseded by a newer request/, 'UPDATE action_links (void: superseded)'],
  [/FROM documents/, 'SELECT documents'],
  [/^SELECT gen_random_uuid/, 'SELECT gen_random_uuid()'],
  [/^INSERT INTO action_links/, 'INSERT action_links'],
  [/^INSERT INTO effects/, 'INSERT effects'],
  [/^INSERT INTO deadlines/, 'INSERT deadlines'],
  [/^UPDATE deadlines/, 'UPDATE deadlines (cancel)'],
];
export const labelOf = (sql: string) => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return STATEMENT_LABELS.find(([re]) => re.test(flat))?.[1] ?? flat.slice(0, 60);
};

export interface StatementStats {
  count: number;
  ms: number;
}

export interface Profile {
  name: string;
  events: number;
  wallMsPerEvent: number;
  statementsPerEvent: number;
  dbMsPerEvent: number;
  byStatement: [string, StatementStats][];
}

/** Wraps a `query(sql, ...)` method on a prototype to count and time statements by label. */
export function instrument(
  proto: { query: (...args: unknown[]) => unknown },
  stats: Map<string, StatementStats>,
): () => void {
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const sql = typeof args[0] === 'string' ? args[0] : String((args[0] as { text?: string }).text);
    const t0 = performance.now();
    const done = () => {
      const label = labelOf(sql);
      const s = stats.get(label) ?? { count: 0, ms: 0 };
      s.count++;
      s.ms += performance.now() - t0;
      stats.set(label, s);
    };
    // pg-pool's query passes a callback and takes no promise back: time it to the callback.
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (...a: unknown[]) => unknown;
      args[last] = (...a: unknown[]) => {
        done();
        return callback(...a);
      };
      return original.apply(this, args);
    }
    // A query object handed in with its callback set (the connections bound to a council send
    // each statement as one, libs/database/transaction-bound-query.service.ts): timed to it.
    const submitted = args[0] as { submit?: unknown; callback?: (...a: unknown[]) => unknown };
    if (typeof submitted?.submit === 'function' && typeof submitted.callback === 'function') {
      const callback = submitted.callback;
      submitted.callback = (...a: unknown[]) => {
        done();
        return callback(...a);
      };
      return original.apply(this, args);
    }
    return (original.apply(this, args) as Promise<unknown>).finally(done);
  };
  return () => {
    proto.query = original;
  };
}

export async function profile(
  name: string,
  proto: { query: (...args: unknown[]) => unknown },
  cases: BenchCase[],
  op: (c: BenchCase) => Promise<void>,
): Promise<Profile> {
  const stats = new Map<string, StatementStats>();
  const restoreQuery = instrument(proto, stats);
  let phase: PhaseResult;
  try {
    phase = await drive(name, PROFILE_SECONDS, [cases], op);
  } finally {
    restoreQuery();
  }
  const n = phase.events;
  const total = [...stats.values()].reduce(
    (a, s) => ({ count: a.count + s.count, ms: a.ms + s.ms }),
    { count: 0, ms: 0 },
  );
  return {
    name,
    events: n,
    wallMsPerEvent: phase.latencyMs.mean,
    statementsPerEvent: total.count / n,
    dbMsPerEvent: total.ms / n,
    byStatement: [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms),
  };
}

/** The pure work of a send, timed alone (µs per call), from the steady-state snapshots. */
export function pureWork(steps: StepRows[]): [string, number][] {
  const template = findTemplate('bcf-delegated-sign-off')!;
  const snapshots = steps.map((_, i) =>
    JSON.parse(steps[(i + steps.length - 1) % steps.length].next.snapshot),
  );
  const time = (fn: (i: number) => unknown): number => {
    const n = 3000;
    for (let i = 0; i < 200; i++) fn(i);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    return ((performance.now() - t0) * 1000) / n;
  };
  const restored = snapshots.map((s) => restore(template.machine, s));
  const events = CYCLE.map((s, i) => ({
    ...s.payload,
    type: s.type,
    role: (steps[i].audit.authority as { role: string }).role,
  }));
  const nexts = restored.map((s, i) => transition(template.machine, s, events[i] as never)[0]);
  return [
    [
      'zod payload parse',
      time((i) => template.events[CYCLE[i % 3].type].payload.safeParse(CYCLE[i % 3].payload)),
    ],
    ['restore (resolveState)', time((i) => restore(template.machine, snapshots[i % 3]))],
    ['snapshot.can() per role tried', time((i) => restored[i % 3].can(events[i % 3] as never))],
    ['describe()', time((i) => template.describe(restored[i % 3].value, restored[i % 3].context))],
    [
      "xstate's transition()",
      time((i) => transition(template.machine, restored[i % 3], events[i % 3] as never)),
    ],
    [
      "the engine's transitionOf() (one inert actor per machine)",
      time((i) => transitionOf(template.machine, restored[i % 3], events[i % 3] as never)),
    ],
    [
      'persist + JSON.stringify',
      time((i) => JSON.stringify(persist(template.machine, nexts[i % 3]))),
    ],
    [
      'audit chainHash (canonical JSON + sha256)',
      time((i) =>
        chainHash('0'.repeat(64), {
          tenantId: 't',
          caseId: 'c',
          seq: i,
          recordedAt: new Date().toISOString(),
          actor: steps[i % 3].audit.actor,
          authority: steps[i % 3].audit.authority,
          event: steps[i % 3].audit.event,
          fromState: steps[i % 3].audit.fromState,
          toState: steps[i % 3].audit.toState,
        }),
      ),
    ],
  ];
}
