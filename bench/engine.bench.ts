/**
 * `npm run bench:engine`: committed `send` transitions per second with concurrent clients, and in
 * the same run on the same database a raw `pg` baseline that writes the same rows (one transaction
 * per event, at the same concurrency). Prints a summary and appends a dated section to
 * docs/benchmarks.md. Nothing here asserts a timing: it reports what it measures.
 *
 * Settings (environment): BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_CLIENTS (32),
 * BENCH_CASES_PER_CLIENT (2), BENCH_PROFILE_SECONDS (4; 0 skips the per-statement profile),
 * DATABASE_URL (unset: a throwaway embedded PostgreSQL; set: a throwaway database on that server),
 * BENCH_APPEND (true; false prints the section without appending it, for exploratory runs on a
 * busy machine whose figures should not enter the record).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { transition } from 'xstate';
import { chainHash } from '../libs/audit/audit-chain.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { startEmbeddedPostgres } from '../libs/database/embedded-postgres.service';
import { southamptonLikeDirectory } from '../libs/demo/southampton-directory.service';
import { createTenantDirectory, TenantIds } from '../libs/directory/tenant-setup.service';
import type { Actor } from '../libs/core/actor.dto';
import { SystemClock } from '../libs/core/clock.service';
import { persist, restore, transitionOf } from '../libs/workflows/machine-snapshot.service';
import { OpenCaseUseCase } from '../libs/engine/open-case.use-case';
import { SendEventUseCase } from '../libs/engine/send-event.use-case';
import { VerifyAuditUseCase } from '../libs/audit/verify-audit.use-case';
import { LinkTokens } from '../libs/links/link-token.service';
import { findTemplate } from '../libs/workflows/template.registry';

const setting = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number`);
  return n;
};
const SECONDS = setting('BENCH_SECONDS', 10);
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 3);
const CLIENTS = Math.max(1, Math.floor(setting('BENCH_CLIENTS', 32)));
const CASES_PER_CLIENT = Math.max(1, Math.floor(setting('BENCH_CASES_PER_CLIENT', 2)));
const PROFILE_SECONDS = setting('BENCH_PROFILE_SECONDS', 4);
const APPEND = !['false', '0', 'no'].includes((process.env.BENCH_APPEND ?? '').toLowerCase());
const REPORT = resolve(__dirname, '../../docs/benchmarks.md');

/** The never-ending cycle: REJECT during agreement returns the case to drafting. */
const CYCLE = [
  { type: 'SEEK_AGREEMENT', who: 'officer', payload: {} },
  { type: 'AGREE', who: 'ceo', payload: {} },
  {
    type: 'REJECT',
    who: 'ao',
    payload: { reasons: 'The discharge fund split needs another look.' },
  },
] as const;
type Who = (typeof CYCLE)[number]['who'];

/** A case opens at version 1 in drafting; version v takes step (v - 1) mod 3 next. */
const stepOf = (version: number) => (version - 1) % CYCLE.length;

interface BenchCase {
  id: string;
  version: number;
  /** The raw writer's copy of the case's audit head, as the engine keeps it on the case row. */
  head?: string;
}

interface PhaseResult {
  name: string;
  events: number;
  seconds: number;
  perSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  nodeCpuMsPerEvent: number;
  postgresCpuMsPerEvent: number;
  machineBusyPercent: number;
  errors: number;
}

// ---------------------------------------------------------------------------------------------
// Measuring

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Busy and total jiffies of the whole machine (all processes), from /proc/stat. */
function machineTicks(): { busy: number; total: number } | null {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1);
    const n = cpu.map(Number);
    const idle = n[3] + (n[4] ?? 0);
    const total = n.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** The embedded server's port, so that its CPU can be read; null for a server on DATABASE_URL. */
let embeddedPort: number | null = null;

/**
 * CPU used so far by the embedded PostgreSQL (the postmaster, its live backends, and children it
 * has reaped), in ms, from /proc; NaN where that cannot be read. Node and PostgreSQL share the
 * machine's cores, so the server's CPU per event bounds throughput as much as Node's does.
 */
function postgresCpuMs(): number {
  if (embeddedPort === null) return NaN;
  try {
    const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    const stat = (pid: string) => {
      const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name: state ppid … utime(12) stime(13) cutime(14) cstime(15).
      const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
      return {
        ppid: f[1],
        own: Number(f[11]) + Number(f[12]),
        reaped: Number(f[13]) + Number(f[14]),
      };
    };
    const postmaster = pids.find((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        const p = args.indexOf('-p');
        return /postgres$/.test(args[0]) && p >= 0 && args[p + 1] === String(embeddedPort);
      } catch {
        return false;
      }
    });
    if (!postmaster) return NaN;
    const root = stat(postmaster);
    let ticks = root.own + root.reaped;
    for (const pid of pids) {
      try {
        const s = stat(pid);
        if (s.ppid === postmaster) ticks += s.own;
      } catch {
        // A backend that has just exited: its time is in the postmaster's reaped time.
      }
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/**
 * Runs `clients` loops for `seconds`; each loop owns its cases and sends the next event of the
 * cycle to them in turn. Only events that committed count.
 */
async function drive(
  name: string,
  seconds: number,
  owned: BenchCase[][],
  op: (c: BenchCase) => Promise<void>,
): Promise<PhaseResult> {
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const postgres0 = postgresCpuMs();
  const ticks0 = machineTicks();
  const start = performance.now();
  const end = start + seconds * 1000;
  let last = start;
  await Promise.all(
    owned.map(async (cases) => {
      let i = 0;
      while (performance.now() < end) {
        const c = cases[i++ % cases.length];
        const t0 = performance.now();
        try {
          await op(c);
          const t1 = performance.now();
          latencies.push(t1 - t0);
          if (t1 > last) last = t1;
        } catch (e) {
          errors++;
          if (errors <= 3) console.error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
          if (errors > 100) throw new Error(`${name}: too many errors, stopping`);
        }
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const ticks1 = machineTicks();
  const elapsed = (last - start) / 1000;
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length);
  return {
    name,
    events: latencies.length,
    seconds: elapsed,
    perSecond: latencies.length / elapsed,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1] ?? NaN,
      mean,
    },
    nodeCpuMsPerEvent: (cpu.user + cpu.system) / 1000 / Math.max(1, latencies.length),
    postgresCpuMsPerEvent: (postgresCpuMs() - postgres0) / Math.max(1, latencies.length),
    machineBusyPercent:
      ticks0 && ticks1 ? (100 * (ticks1.busy - ticks0.busy)) / (ticks1.total - ticks0.total) : NaN,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------
// The database, the tenant and the cases

interface Database {
  url: string;
  stop(): Promise<void>;
}

async function throwawayDatabase(): Promise<Database> {
  const external = process.env.DATABASE_URL;
  if (!external) {
    const dir = mkdtempSync(join(os.tmpdir(), 'ratify-bench-pg-'));
    const port = 55000 + Math.floor(Math.random() * 5000);
    const pg = await startEmbeddedPostgres({
      dataDir: dir,
      port,
      database: 'ratify_bench',
      persistent: false,
    });
    embeddedPort = port;
    return pg;
  }
  // Never write bench data into the database DATABASE_URL names: use a fresh one beside it.
  const name = `ratify_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: external });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(external);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    stop: async () => {
      const a = new Client({ connectionString: external });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

async function buildTenant(
  ds: DataSource,
): Promise<{ ids: TenantIds; actors: Record<Who, Actor> }> {
  const suffix = randomBytes(4).toString('hex');
  const key = () => randomBytes(16).toString('hex');
  const spec = southamptonLikeDirectory({
    slug: `bench-${suffix}`,
    name: `Bench council ${suffix}`,
    emailDomain: `${suffix}.bench.example.org`,
    apiKeys: {
      officer: key(),
      chiefExecutive: key(),
      accountableOfficer: key(),
      chair: key(),
      member: key(),
    },
    delegationFrom: new Date('2020-01-01T00:00:00Z'),
  });
  const ids = await ds.transaction((m) => createTenantDirectory(m, spec));
  const people: { id: string; name: string; email: string; is_officer: boolean }[] = await ds.query(
    'SELECT id, name, email, is_officer FROM people WHERE tenant_id = $1',
    [ids.tenantId],
  );
  const actor = (personKey: string): Actor => {
    const p = people.find((x) => x.id === ids.people[personKey]);
    if (!p) throw new Error(`no person ${personKey}`);
    return {
      kind: 'person',
      tenantId: ids.tenantId,
      person: {
        id: p.id,
        tenantId: ids.tenantId,
        name: p.name,
        email: p.email,
        isOfficer: p.is_officer,
      },
    };
  };
  return { ids, actors: { officer: actor('officer'), ceo: actor('ceo'), ao: actor('ao') } };
}

function isoDaysAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// What one step of the cycle writes, read back from a probe case the engine advanced

interface StepRows {
  type: string;
  actorPersonId: string;
  next: { snapshot: string; stateKey: string; summary: string; awaiting: string[] };
  eventPayload: string;
  eventAuthority: string;
  audit: { actor: unknown; authority: unknown; event: unknown; fromState: string; toState: string };
  /** Awaited roles after the step: links of other roles are voided. */
  awaitingRoles: string[];
  links: { role: string; personId: string; request: string; allowed: string[]; docs: string }[];
  effects: { payload: Record<string, unknown>; linkRole: string | null }[];
  counts: {
    caseEvents: number;
    auditRecords: number;
    effects: number;
    actionLinksInserted: number;
    actionLinksVoided: number;
    deadlinesInserted: number;
    deadlinesCancelled: number;
  };
}

async function captureSteps(
  ds: DataSource,
  send: SendEventUseCase,
  probe: BenchCase,
  actors: Record<Who, Actor>,
): Promise<StepRows[]> {
  const counts = async () => {
    const [r]: Record<string, number>[] = await ds.query(
      `SELECT (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS "caseEvents",
              (SELECT count(*)::int FROM audit_records WHERE case_id = $1) AS "auditRecords",
              (SELECT count(*)::int FROM effects WHERE case_id = $1) AS "effects",
              (SELECT count(*)::int FROM action_links WHERE case_id = $1) AS "actionLinksInserted",
              (SELECT count(*)::int FROM action_links WHERE case_id = $1 AND status = 'voided') AS "actionLinksVoided",
              (SELECT count(*)::int FROM deadlines WHERE case_id = $1) AS "deadlinesInserted",
              (SELECT count(*)::int FROM deadlines WHERE case_id = $1 AND status = 'cancelled') AS "deadlinesCancelled"`,
      [probe.id],
    );
    return r;
  };
  const steps: StepRows[] = [];
  // Two whole cycles: the second is the steady state (the case has been rejected before).
  for (let round = 0; round < 2; round++) {
    for (const step of CYCLE) {
      const before = await counts();
      const linkIds = new Set(
        (
          (await ds.query('SELECT id FROM action_links WHERE case_id = $1', [probe.id])) as {
            id: string;
          }[]
        ).map((r) => r.id),
      );
      const result = await send.send(
        probe.id,
        { type: step.type, payload: { ...step.payload } },
        actors[step.who],
        { expectedVersion: probe.version },
      );
      probe.version = result.version;
      const after = await counts();
      const [c]: {
        snapshot: unknown;
        state_key: string;
        summary: string;
        awaiting_person_ids: string[];
      }[] = await ds.query(
        'SELECT snapshot, state_key, summary, awaiting_person_ids FROM cases WHERE id = $1',
        [probe.id],
      );
      const [ev]: { payload: unknown; actor_person_id: string; authority: unknown }[] =
        await ds.query(
          'SELECT payload, actor_person_id, authority FROM case_events WHERE case_id = $1 AND seq = $2',
          [probe.id, result.version],
        );
      const [au]: {
        actor: unknown;
        authority: unknown;
        event: unknown;
        from_state: string;
        to_state: string;
      }[] = await ds.query(
        'SELECT actor, authority, event, from_state, to_state FROM audit_records WHERE case_id = $1 AND seq = $2',
        [probe.id, result.version],
      );
      const links: {
        id: string;
        role: string;
        person_id: string;
        request: string;
        allowed_responses: string[];
        document_hashes: unknown;
      }[] = (
        await ds.query(
          'SELECT id, role, person_id, request, allowed_responses, document_hashes FROM action_links WHERE case_id = $1',
          [probe.id],
        )
      ).filter((l: { id: string }) => !linkIds.has(l.id));
      const effects: { payload: Record<string, unknown> }[] = await ds.query(
        `SELECT payload FROM effects WHERE case_id = $1 AND (payload->>'caseVersion')::int = $2 ORDER BY created_at, id`,
        [probe.id, result.version],
      );
      const template = findTemplate('bcf-delegated-sign-off')!;
      const snapshot = restore(template.machine, c.snapshot);
      const diff = Object.fromEntries(
        Object.entries(after).map(([k, v]) => [k, v - before[k]]),
      ) as StepRows['counts'];
      if (round === 1) {
        steps.push({
          type: step.type,
          actorPersonId: ev.actor_person_id,
          next: {
            snapshot: JSON.stringify(c.snapshot),
            stateKey: c.state_key,
            summary: c.summary,
            awaiting: c.awaiting_person_ids,
          },
          eventPayload: JSON.stringify(ev.payload),
          eventAuthority: JSON.stringify(ev.authority),
          audit: {
            actor: au.actor,
            authority: au.authority,
            event: au.event,
            fromState: au.from_state,
            toState: au.to_state,
          },
          awaitingRoles: template.describe(snapshot.value, snapshot.context).awaiting,
          links: links.map((l) => ({
            role: l.role,
            personId: l.person_id,
            request: l.request,
            allowed: l.allowed_responses,
            docs: JSON.stringify(l.document_hashes),
          })),
          effects: effects.map((e) => ({
            payload: e.payload,
            linkRole: typeof e.payload.linkId === 'string' ? String(e.payload.role) : null,
          })),
          counts: diff,
        });
      }
    }
  }
  return steps;
}

// ---------------------------------------------------------------------------------------------
// The raw baseline: the same rows, written with `pg` directly

function rawWriter(pool: Pool, tenantId: string, steps: StepRows[]) {
  const tokens = LinkTokens.ephemeral();
  return async (c: BenchCase): Promise<void> => {
    const s = steps[stepOf(c.version)];
    const version = c.version + 1;
    const now = new Date();
    const client: PoolClient = await pool.connect();
    try {
      await client.query('BEGIN');
      if (c.head === undefined) {
        const h = await client.query<{ audit_head: string }>(
          'SELECT audit_head FROM cases WHERE id = $1',
          [c.id],
        );
        c.head = h.rows[0].audit_head;
      }
      const prevHash = c.head;
      const content = {
        tenantId,
        caseId: c.id,
        seq: version,
        recordedAt: now.toISOString(),
        actor: s.audit.actor,
        authority: s.audit.authority,
        event: s.audit.event,
        fromState: s.audit.fromState,
        toState: s.audit.toState,
      };
      const hash = chainHash(prevHash, content);
      // The same case UPDATE as the engine's, audit head included.
      const updated = await client.query(
        `UPDATE cases SET snapshot = $4, state_key = $5, summary = $6, awaiting_person_ids = $7, version = version + 1,
                updated_at = $8, closed_at = NULL, audit_head = $9
          WHERE tenant_id = $1 AND id = $2 AND version = $3`,
        [
          tenantId,
          c.id,
          c.version,
          s.next.snapshot,
          s.next.stateKey,
          s.next.summary,
          s.next.awaiting,
          now,
          hash,
        ],
      );
      if (updated.rowCount !== 1) throw new Error(`raw: version conflict on ${c.id}`);
      await client.query(
        `INSERT INTO case_events (tenant_id, case_id, seq, type, payload, actor_person_id, authority, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [tenantId, c.id, version, s.type, s.eventPayload, s.actorPersonId, s.eventAuthority, now],
      );
      await client.query(
        `INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, from_state, to_state, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          tenantId,
          c.id,
          version,
          now,
          JSON.stringify(content.actor),
          JSON.stringify(content.authority),
          JSON.stringify(content.event),
          content.fromState,
          content.toState,
          prevHash,
          hash,
        ],
      );
      if (s.counts.actionLinksVoided > 0) {
        await client.query(
          `UPDATE action_links SET status = 'voided', settled_at = $3, outcome = '{"reason":"the step closed"}'
            WHERE case_id = $1 AND status = 'open' AND NOT (role = ANY($2::text[]))`,
          [c.id, s.awaitingRoles, now],
        );
      }
      const linkIds: Record<string, string> = {};
      for (const l of s.links) {
        const id = randomUUID();
        linkIds[l.role] = id;
        await client.query(
          `INSERT INTO action_links (id, tenant_id, case_id, person_id, role, request, allowed_responses, document_hashes, token_hash, status, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10)`,
          [
            id,
            tenantId,
            c.id,
            l.personId,
            l.role,
            l.request,
            l.allowed,
            l.docs,
            LinkTokens.hash(tokens.tokenFor(id)),
            now,
          ],
        );
      }
      for (const e of s.effects) {
        await client.query(
          `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at)
           VALUES ($1, $2, 'email', $3, 'pending', 0, $4, $4)`,
          [
            tenantId,
            c.id,
            JSON.stringify({
              ...e.payload,
              caseVersion: version,
              linkId: e.linkRole ? linkIds[e.linkRole] : null,
            }),
            now,
          ],
        );
      }
      await client.query('COMMIT');
      c.version = version;
      c.head = hash;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Profile: statements per send and where the time goes, one client at a time

const STATEMENT_LABELS: [RegExp, string][] = [
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
const labelOf = (sql: string) => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return STATEMENT_LABELS.find(([re]) => re.test(flat))?.[1] ?? flat.slice(0, 60);
};

interface StatementStats {
  count: number;
  ms: number;
}

interface Profile {
  name: string;
  events: number;
  wallMsPerEvent: number;
  statementsPerEvent: number;
  dbMsPerEvent: number;
  byStatement: [string, StatementStats][];
}

/** Wraps a `query(sql, ...)` method on a prototype to count and time statements by label. */
function instrument(
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
    return (original.apply(this, args) as Promise<unknown>).finally(done);
  };
  return () => {
    proto.query = original;
  };
}

async function profile(
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
function pureWork(steps: StepRows[]): [string, number][] {
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

// ---------------------------------------------------------------------------------------------
// Report

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');

function machineWords(pgVersion: string) {
  const cpus = os.cpus();
  let model = cpus[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) model = m[1].trim();
  } catch {
    // os.cpus() is enough where /proc is absent.
  }
  return {
    cpu: model,
    cores: cpus.length,
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.version,
    postgres: pgVersion,
    os: `${os.type()} ${os.release()}`,
    load: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / '),
  };
}

function commandWords(): string {
  const env = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  if (process.env.DATABASE_URL) env.push('DATABASE_URL=…');
  return [...env, 'npm run bench:engine'].join(' ');
}

const HEADER = `# Benchmarks

Measured by \`npm run bench:engine\` (\`bench/engine.bench.ts\`); each run appends a section below
(\`BENCH_APPEND=false\` prints the section without appending it, for exploratory runs on a busy
machine). Figures are what one run measured on the machine it names; nothing in the tests asserts
a timing.

## Method

- **Database.** A throwaway embedded PostgreSQL (the \`embedded-postgres\` package, stock
  settings: \`fsync\` and \`synchronous_commit\` on) in a temporary directory on a random port, or,
  with \`DATABASE_URL\` set, a throwaway database created on that server and dropped afterwards.
  Migrated with the product's migrations. Both pools hold as many connections as there are clients.
- **Workload.** One Southampton-like tenant (the demo directory), \`BENCH_CLIENTS\` × \`BENCH_CASES_PER_CLIENT\`
  BCF cases. Each client owns its cases (no two clients touch one case) and drives them round a
  cycle that never ends: \`SEEK_AGREEMENT\` (officer) → \`AGREE\` (Chief Executive) → \`REJECT\`
  (Accountable Officer, with reasons), which returns the case to drafting. Each client knows each
  case's version and sends it as \`expectedVersion\`.
- **Engine.** \`SendEventUseCase.send\` with a \`SystemClock\`: read the case, validate, authorise
  against the directory, the pure xstate transition, and one transaction writing the snapshot,
  the event, the audit link and the effect rows. In runs after 2026-11-25T11:21Z that is two
  statements on TypeORM's pool: one read, and one write that is its own transaction.
- **Raw baseline.** The same rows written directly with \`pg\`, one transaction per event, at the
  same concurrency, on the same cases (continuing their cycle): the case \`UPDATE\` with the
  version check (which also stores the audit head, as the engine does), the \`case_events\` \`INSERT\`, the audit link (the
  hash computed, \`INSERT\`), the \`action_links\` voided and inserted and the \`effects\` rows, exactly
  as many as the engine wrote for that event (read back from a probe case the engine advanced). No
  reads the engine needs to decide (case row, directory, documents) and no statements that write
  nothing. After the run every bench case's audit chain is verified, so both paths wrote valid
  links.
- **Measure.** A warm-up (\`BENCH_WARMUP_SECONDS\`) then \`BENCH_SECONDS\` of each: the engine,
  then the raw baseline (which runs on slightly larger tables). Runs up to 2026-11-25T11:21Z also
  measured a variant, the engine over a bare \`pg\` client instead of TypeORM; the engine's send
  no longer goes through TypeORM, so the variant was dropped.
  Throughput counts committed events only; latency is per event, client side, including waiting
  for a pool connection. "Node CPU per event" is this process's user + system CPU over the phase
  divided by the events; "PostgreSQL CPU per event" the same for the embedded server's processes
  (read from \`/proc\`; n/a on \`DATABASE_URL\`, and absent before 2026-11-25T11:21Z); "machine busy"
  is the whole machine's CPU use over the phase from \`/proc/stat\` (PostgreSQL runs on the same
  machine).
- **Profile.** Then one client alone (\`BENCH_PROFILE_SECONDS\` each, 0 skips it): every statement
  counted and timed at the \`pg\` client (under TypeORM where it is used), so the statements per
  event and the time outside the database show; and the pure steps of a send timed in a loop.
`;

function section(
  result: { engine: PhaseResult; raw: PhaseResult },
  machine: ReturnType<typeof machineWords>,
  steps: StepRows[],
  profiles: Profile[],
  pure: [string, number][],
  chains: { verified: number; broken: number },
): string {
  const { engine, raw } = result;
  const ratio = engine.perSecond / raw.perSecond;
  const targetRatio = ratio >= 0.5 ? 'met' : 'not met';
  const targetP99 =
    CLIENTS === 32 ? (engine.latencyMs.p99 < 50 ? 'met' : 'not met') : 'n/a (not 32 clients)';
  const row = (p: PhaseResult) =>
    `| ${p.name} | ${f1(p.perSecond)} | ${p.events} | ${f1(p.latencyMs.p50)} | ${f1(p.latencyMs.p95)} | ${f1(p.latencyMs.p99)} | ${f1(p.latencyMs.max)} | ${f2(p.nodeCpuMsPerEvent)} | ${f2(p.postgresCpuMsPerEvent)} | ${f1(p.machineBusyPercent)} % | ${p.errors} |`;
  const lines = [
    `## ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `Command: \`${commandWords()}\``,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${f1(machine.memoryGiB)} GiB, ${machine.os}; Node ${machine.node}; ${machine.postgres}. Load average at start ${machine.load}.`,
    '',
    `Run: ${CLIENTS} clients × ${CASES_PER_CLIENT} cases each, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured per side.`,
    '',
    '| side | events/s | events | p50 ms | p95 ms | p99 ms | max ms | Node CPU ms/event | PostgreSQL CPU ms/event | machine busy | errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    row(engine),
    row(raw),
    '',
    `**Ratio engine / raw: ${f2(ratio)}** (target ≥ 0.5: ${targetRatio}). Engine p99 ${f1(engine.latencyMs.p99)} ms (target < 50 ms at 32 clients: ${targetP99}).`,
    '',
    `Audit chains verified after the run: ${chains.verified} cases, ${chains.broken} broken.`,
    '',
    'Rows one event writes (the same for both sides):',
    '',
    '| event | case_events | audit_records | effects | action_links inserted | action_links voided | deadlines inserted | deadlines cancelled |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...steps.map(
      (s) =>
        `| ${s.type} | ${s.counts.caseEvents} | ${s.counts.auditRecords} | ${s.counts.effects} | ${s.counts.actionLinksInserted} | ${s.counts.actionLinksVoided} | ${s.counts.deadlinesInserted} | ${s.counts.deadlinesCancelled} |`,
    ),
  ];
  if (profiles.length > 0) {
    lines.push(
      '',
      'Profile, one client alone (statements per event over the cycle; time per event):',
      '',
      '| side | events | wall ms/event | statements/event | in database ms/event | outside ms/event |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...profiles.map(
        (p) =>
          `| ${p.name} | ${p.events} | ${f2(p.wallMsPerEvent)} | ${f1(p.statementsPerEvent)} | ${f2(p.dbMsPerEvent)} | ${f2(p.wallMsPerEvent - p.dbMsPerEvent)} |`,
      ),
    );
    for (const p of profiles) {
      lines.push(
        '',
        `${p.name} statements:`,
        '',
        '| statement | per event | ms per event | ms per call |',
        '| --- | ---: | ---: | ---: |',
        ...p.byStatement.map(
          ([label, s]) =>
            `| ${label} | ${f2(s.count / p.events)} | ${f2(s.ms / p.events)} | ${f2(s.ms / s.count)} |`,
        ),
      );
    }
  }
  if (pure.length > 0) {
    lines.push(
      '',
      'Pure steps of a send, timed alone (µs per call):',
      '',
      '| step | µs |',
      '| --- | ---: |',
      ...pure.map(([k, v]) => `| ${k} | ${f1(v)} |`),
    );
  }
  return lines.join('\n') + '\n';
}

/** Keeps docs/benchmarks.md as `npm run format:check` wants it (prettier is a dev dependency). */
async function formatReport(): Promise<void> {
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(REPORT)) ?? {};
    const text = readFileSync(REPORT, 'utf8');
    writeFileSync(REPORT, await prettier.format(text, { ...options, filepath: REPORT }));
  } catch (e) {
    console.error(`docs/benchmarks.md left unformatted: ${e instanceof Error ? e.message : e}`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[bench] ${line}`);
  log(
    `starting ${process.env.DATABASE_URL ? 'a throwaway database on DATABASE_URL' : 'a throwaway embedded PostgreSQL'}`,
  );
  const db = await throwawayDatabase();
  const poolSize = Math.max(32, CLIENTS) + 2;
  const ds = await openDataSource(db.url, poolSize);
  const pool = new Pool({ connectionString: db.url, max: poolSize });
  // pool.end() resolves before every socket has closed; the server stopping then must not crash us.
  pool.on('error', () => undefined);
  try {
    await migrate(ds);
    const [{ server_version: pgVersion }]: { server_version: string }[] =
      await ds.query('SHOW server_version');
    const machine = machineWords(`PostgreSQL ${pgVersion}`);
    const clock = new SystemClock();
    const send = new SendEventUseCase(ds, clock);
    const open = new OpenCaseUseCase(ds, clock);
    const { ids, actors } = await buildTenant(ds);
    const body = {
      template: 'bcf-delegated-sign-off',
      title: 'Better Care Fund plan 2021/22',
      dates: {
        submissionDeadline: isoDaysAhead(90),
        notingDeadline: isoDaysAhead(120),
        expectedAssuranceDate: isoDaysAhead(150),
      },
      roles: {
        chiefExecutive: ids.offices.ceo,
        accountableOfficer: ids.offices.ao,
        delegatedApprover: ids.delegations.bcfApproval,
      },
    };
    const openOne = async (): Promise<BenchCase> => ({
      id: (await open.open(body, actors.officer)).caseId,
      version: 1,
    });
    log(`opening ${CLIENTS * CASES_PER_CLIENT} cases`);
    const owned: BenchCase[][] = [];
    for (let c = 0; c < CLIENTS; c++) {
      const mine: BenchCase[] = [];
      for (let k = 0; k < CASES_PER_CLIENT; k++) mine.push(await openOne());
      owned.push(mine);
    }
    const probe = await openOne();
    const steps = await captureSteps(ds, send, probe, actors);

    const engineOp = async (c: BenchCase) => {
      const step = CYCLE[stepOf(c.version)];
      const r = await send.send(
        c.id,
        { type: step.type, payload: { ...step.payload } },
        actors[step.who],
        { expectedVersion: c.version },
      );
      c.version = r.version;
      c.head = undefined; // the engine moved the chain on: the raw writer reads the head again
    };
    const rawOp = rawWriter(pool, ids.tenantId, steps);
    log(`engine: ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, ${CLIENTS} clients`);
    await drive('warm-up', WARMUP_SECONDS, owned, engineOp);
    const engine = await drive('engine', SECONDS, owned, engineOp);
    log(`engine: ${f1(engine.perSecond)} events/s, p99 ${f1(engine.latencyMs.p99)} ms`);

    log(`raw pg: ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured, ${CLIENTS} clients`);
    await drive('warm-up', WARMUP_SECONDS, owned, rawOp);
    const raw = await drive('raw pg', SECONDS, owned, rawOp);
    log(`raw pg: ${f1(raw.perSecond)} events/s, p99 ${f1(raw.latencyMs.p99)} ms`);

    const profiles: Profile[] = [];
    let pure: [string, number][] = [];
    if (PROFILE_SECONDS > 0) {
      log(`profile: one client, ${PROFILE_SECONDS} s each side`);
      const pgProto = Client.prototype as unknown as {
        query: (...args: unknown[]) => Promise<unknown>;
      };
      // Both sides at the pg client, under TypeORM when it is used: every statement counts.
      profiles.push(await profile('engine', pgProto, owned[0], engineOp));
      profiles.push(await profile('raw pg', pgProto, owned[0], rawOp));
      pure = pureWork(steps);
    }

    log('verifying the audit chains');
    const verify = new VerifyAuditUseCase(ds);
    const chains = { verified: 0, broken: 0 };
    for (const c of [...owned.flat(), probe]) {
      const finding = await verify.verifyCase(ids.tenantId, c.id);
      chains.verified++;
      if (!finding.ok) chains.broken++;
    }

    const text = section({ engine, raw }, machine, steps, profiles, pure, chains);
    console.log('\n' + text);
    if (APPEND) {
      if (!existsSync(REPORT)) writeFileSync(REPORT, HEADER);
      appendFileSync(REPORT, '\n' + text);
      await formatReport();
      log(`appended to ${REPORT}`);
    } else {
      log('BENCH_APPEND=false: not appended to the report');
    }
  } finally {
    await pool.end();
    await ds.destroy();
    await new Promise((r) => setTimeout(r, 250));
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
