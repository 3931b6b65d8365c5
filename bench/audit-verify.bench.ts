/**
 * `npm run bench:audit`: how long `npm run audit:verify` takes over BENCH_RECORDS audit records
 * (1,000,000), BENCH_PER_CASE (10) a case (issue #21). Seeds a throwaway database with the demo
 * and copies of one demo case whose chains are written here, each record hashed as the engine
 * hashes it; then runs the built tool (`dist/tools/audit-verify.js`) as an operator would and times
 * it from start to exit, and checks that it verified every chain and found none broken. Prints a
 * section and appends it to docs/benchmarks.md (BENCH_APPEND=false only prints). Nothing here
 * asserts a timing.
 *
 * Settings (environment): BENCH_RECORDS, BENCH_PER_CASE, BENCH_APPEND (true),
 * BENCH_BASELINE_TOOL (another build's audit-verify.js, run first on the same data),
 * BENCH_TOOL_NODE_ARGS (Node's flags for the tool, e.g. --cpu-prof), DATABASE_URL
 * (unset: a throwaway embedded PostgreSQL), BENCH_KEEP_DATABASE (a directory: the embedded
 * PostgreSQL is kept there and, once seeded with these BENCH_RECORDS and BENCH_PER_CASE, reused
 * by the next run instead of seeded again; the report says so and gives the seeding's time then).
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chainHash, GENESIS_HASH, type AuditContent } from '../libs/audit/audit-chain.service';
import { loadSettings } from '../libs/config/settings.service';
import { SystemClock } from '../libs/core/clock.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { seedDemo } from '../libs/demo/demo-seed.service';
import { benchApiApp } from './bench-app.service';
import { loadAverage, machine, throwawayDatabase } from './bench-database.service';
import { freePort } from './free-port.service';
import { measurePostgresOnPort, postgresCpuMs } from './bench-load.service';
import { startEmbeddedPostgres } from '../libs/database/embedded-postgres.service';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number from 1`);
  return n;
};
const RECORDS = num('BENCH_RECORDS', 1_000_000);
const PER_CASE = num('BENCH_PER_CASE', 10);
const APPEND = !['false', '0', 'no'].includes((process.env.BENCH_APPEND ?? '').toLowerCase());
const ROOT = resolve(__dirname, '../..');
const REPORT = join(ROOT, 'docs/benchmarks.md');
const TOOL = join(ROOT, 'dist/tools/audit-verify.js');
const CASES_A_BATCH = 2_000;
/** Node's own flags for the tool's process, e.g. --cpu-prof (NODE_OPTIONS may not carry it). */
const TOOL_NODE_ARGS = (process.env.BENCH_TOOL_NODE_ARGS ?? '').split(' ').filter(Boolean);
const TIME = '/usr/bin/time';
const BASELINE = process.env.BENCH_BASELINE_TOOL ? resolve(process.env.BENCH_BASELINE_TOOL) : null;
const KEEP = process.env.BENCH_KEEP_DATABASE ? resolve(process.env.BENCH_KEEP_DATABASE) : null;

interface Seeded {
  records: number;
  perCase: number;
  cases: number;
  seconds: number;
  at: string;
}

/**
 * The database: a throwaway one, or with BENCH_KEEP_DATABASE the embedded PostgreSQL kept in that
 * directory, with what an earlier run seeded there (null: nothing yet, or another size).
 */
async function benchDatabase(): Promise<{
  url: string;
  stop(): Promise<void>;
  seeded: Seeded | null;
  keep(s: Seeded): void;
}> {
  if (!KEEP) return { ...(await throwawayDatabase('ratify_audit')), seeded: null, keep: () => {} };
  if (!existsSync(join(KEEP, 'pg'))) {
    mkdirSync(join(KEEP, 'pg'), { recursive: true });
    // As root, initdb runs as an unprivileged user, which must be able to write the directory
    // (initdb then keeps it to its owner, as the server wants it).
    chmodSync(KEEP, 0o755);
    chmodSync(join(KEEP, 'pg'), 0o777);
  }
  const marker = join(KEEP, 'seeded.json');
  const kept = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as Seeded) : null;
  const before = kept?.records === RECORDS && kept.perCase === PER_CASE ? kept : null;
  // Written again only once seeding is over: a run stopped half way is not reused.
  if (!before) rmSync(marker, { force: true });
  const db = await startEmbeddedPostgres({
    dataDir: join(KEEP, 'pg'),
    port: await freePort(),
    database: 'ratify_audit',
    persistent: true,
    passwordFile: join(KEEP, 'password'),
  });
  return {
    ...db,
    seeded: before,
    keep: (s) => writeFileSync(marker, JSON.stringify(s)),
  };
}

type Db = Awaited<ReturnType<typeof openDataSource>>;

/** Copies of one demo case, each with a chain of PER_CASE records written and hashed here. */
async function seedChains(ds: Db): Promise<{ cases: number; seconds: number }> {
  const [source]: { id: string; tenant_id: string; created_by: string }[] = await ds.query(
    'SELECT id, tenant_id, created_by FROM cases ORDER BY created_at LIMIT 1',
  );
  const columns = (
    (await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases'
        AND column_name NOT IN ('id', 'reference', 'version', 'audit_head') ORDER BY ordinal_position`,
    )) as { column_name: string }[]
  ).map((c) => `"${c.column_name}"`);
  const cases = Math.ceil(RECORDS / PER_CASE);
  const started = Date.now();
  const at = Date.parse('2025-01-01T09:00:00Z');
  for (let from = 0; from < cases; from += CASES_A_BATCH) {
    const ids: string[] = [];
    const heads: string[] = [];
    const r = {
      caseId: [] as string[],
      seq: [] as number[],
      at: [] as string[],
      actor: [] as string[],
      authority: [] as string[],
      event: [] as string[],
      fromState: [] as (string | null)[],
      toState: [] as string[],
      prev: [] as string[],
      hash: [] as string[],
    };
    for (let c = from; c < Math.min(cases, from + CASES_A_BATCH); c++) {
      const caseId = randomUUID();
      let prev = GENESIS_HASH;
      for (let seq = 1; seq <= PER_CASE; seq++) {
        const content: AuditContent = {
          tenantId: source.tenant_id,
          caseId,
          seq,
          recordedAt: new Date(at + c * 60_000 + seq * 1000).toISOString(),
          actor: { kind: 'person', personId: source.created_by },
          authority: { kind: 'officer', role: 'officer' },
          event: { type: 'RECORD_NOTE', payload: { note: `Note ${seq} of copy ${c}` } },
          fromState: seq === 1 ? null : `step${seq - 1}`,
          toState: `step${seq}`,
        };
        const hash = chainHash(prev, content);
        r.caseId.push(caseId);
        r.seq.push(seq);
        r.at.push(content.recordedAt);
        r.actor.push(JSON.stringify(content.actor));
        r.authority.push(JSON.stringify(content.authority));
        r.event.push(JSON.stringify(content.event));
        r.fromState.push(content.fromState);
        r.toState.push(content.toState);
        r.prev.push(prev);
        r.hash.push(hash);
        prev = hash;
      }
      ids.push(caseId);
      heads.push(prev);
    }
    await ds.query(
      `INSERT INTO cases (id, reference, version, audit_head, ${columns.join(', ')})
       SELECT n.id, c.reference || '-' || n.id, $3::int, n.head, ${columns.map((x) => `c.${x}`).join(', ')}
         FROM unnest($1::uuid[], $2::text[]) AS n(id, head), cases c WHERE c.id = $4`,
      [ids, heads, PER_CASE, source.id],
    );
    await ds.query(
      `INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, from_state, to_state, prev_hash, hash)
       SELECT $1, x.case_id, x.seq, x.at, x.actor, x.authority, x.event, x.from_state, x.to_state, x.prev, x.hash
         FROM unnest($2::uuid[], $3::int[], $4::timestamptz[], $5::jsonb[], $6::jsonb[], $7::jsonb[],
                     $8::text[], $9::text[], $10::text[], $11::text[])
              AS x(case_id, seq, at, actor, authority, event, from_state, to_state, prev, hash)`,
      [
        source.tenant_id,
        r.caseId,
        r.seq,
        r.at,
        r.actor,
        r.authority,
        r.event,
        r.fromState,
        r.toState,
        r.prev,
        r.hash,
      ],
    );
    process.stdout.write(
      `\rseeded ${Math.min(cases, from + CASES_A_BATCH) * PER_CASE} of ${RECORDS} records (${Math.round((Date.now() - started) / 1000)} s)`,
    );
  }
  process.stdout.write('\n');
  await ds.query('ANALYZE');
  return { cases, seconds: (Date.now() - started) / 1000 };
}

/** The demo, then the chains. */
async function seedAll(ds: Db): Promise<Seeded> {
  const clock = new SystemClock();
  const app = await benchApiApp(ds, loadSettings({ SEED_DEMO: 'false' }), clock);
  await app.init();
  await seedDemo(ds, clock, app.get(DemoSeedProviders));
  await app.close();
  const chains = await seedChains(ds);
  return { records: RECORDS, perCase: PER_CASE, ...chains, at: new Date().toISOString() };
}

interface Run {
  tool: string;
  seconds: number;
  /** The tool's CPU seconds, user and system (/usr/bin/time). */
  cpu: number;
  /** The embedded PostgreSQL's CPU seconds meanwhile (NaN on DATABASE_URL's server). */
  postgresCpu: number;
  verified: string;
  broken: string;
  code: number;
  load: string;
}

/** Runs the tool on the database as an operator would, timed from start to exit. */
async function timeTool(tool: string, url: string): Promise<Run> {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'ratify-audit-bench-'));
  const load = loadAverage();
  const postgres0 = postgresCpuMs();
  const started = Date.now();
  let stdout = '';
  let stderr = '';
  let code = 0;
  try {
    // /usr/bin/time writes the tool's own CPU (user + system seconds) on its last stderr line:
    // on a machine shared with other work, a truer measure than the wall time.
    ({ stdout, stderr } = await promisify(execFile)(
      TIME,
      ['-f', 'tool cpu %U %S', process.execPath, ...TOOL_NODE_ARGS, tool],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url, DATA_DIR: dataDir, SEED_DEMO: 'false' },
        maxBuffer: 64 * 2 ** 20,
      },
    ));
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    code = typeof failed.code === 'number' ? failed.code : -1;
    stdout = failed.stdout ?? '';
    stderr = failed.stderr ?? '';
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = (Date.now() - started) / 1000;
  const postgresCpu = (postgresCpuMs() - postgres0) / 1000;
  const said = /(\d+) case chains verified, (\d+) broken/.exec(stdout);
  const cpu = /tool cpu ([\d.]+) ([\d.]+)/.exec(stderr);
  return {
    tool,
    seconds,
    cpu: cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN,
    postgresCpu,
    verified: said?.[1] ?? '?',
    broken: said?.[2] ?? '?',
    code,
    load,
  };
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const db = await benchDatabase();
  if (!process.env.DATABASE_URL) measurePostgresOnPort(Number(new URL(db.url).port));
  const ds = await openDataSource(db.url);
  await migrate(ds);
  if (KEEP && !db.seeded) {
    // Kept, but of another size (or half seeded): emptied, to be seeded afresh.
    await ds.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
    await migrate(ds);
  }
  const seeded = db.seeded ?? (await seedAll(ds));
  if (KEEP && !db.seeded) db.keep(seeded);
  const [{ records, chains }]: { records: number; chains: number }[] = await ds.query(
    'SELECT count(*)::int AS records, count(DISTINCT case_id)::int AS chains FROM audit_records',
  );
  const runs: Run[] = [];
  for (const tool of BASELINE ? [BASELINE, TOOL] : [TOOL]) {
    runs.push(await timeTool(tool, db.url));
    console.log(JSON.stringify(runs[runs.length - 1]));
  }
  const [{ server_version: version }] = (await ds.query('SHOW server_version')) as {
    server_version?: string;
  }[];
  const section = [
    `#### audit:verify ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `Command: \`${[
      ...Object.keys(process.env)
        .filter((k) => k.startsWith('BENCH_'))
        .sort()
        .map((k) => `${k}=${process.env[k]}`),
      'npm run bench:audit',
    ].join(' ')}\``,
    '',
    `Machine: ${machine(version)}. Load average at start ${loadAtStart}, at end ${loadAverage()}.`,
    '',
    `Data: the demo plus ${seeded.cases.toLocaleString('en-GB')} cases of ${PER_CASE} records each, seeded in ${seeded.seconds.toFixed(0)} s${db.seeded ? ` by an earlier run at ${seeded.at.replace(/\.\d+Z$/, 'Z')}, kept in BENCH_KEEP_DATABASE and reused (its server restarted for this run)` : ''}.`,
    '',
    '| tool build | audit records | chains | seconds (tool start to exit) | records/s | tool CPU s (user + system) | PostgreSQL CPU s | chains verified | broken | exit | load average when it began |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...runs.map(
      (r) =>
        `| ${r.tool === TOOL ? 'this one' : `baseline (${r.tool})`} | ${records} | ${chains} | ${r.seconds.toFixed(1)} | ${Math.round(records / r.seconds)} | ${r.cpu.toFixed(1)} | ${r.postgresCpu.toFixed(1)} | ${r.verified} | ${r.broken} | ${r.code} | ${r.load} |`,
    ),
    '',
  ].join('\n');
  console.log(`\n${section}`);
  if (APPEND) appendFileSync(REPORT, `\n${section}`);
  await ds.destroy();
  await db.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
