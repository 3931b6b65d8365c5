/**
 * `npm run bench:index-build`: what an index migration costs the writes of a council with many
 * cases (issue #21 item 7, ADR 0044). Seeds the demo and BENCH_CASES copies of its cases (default
 * 300,000, with their emails and deadlines), then, for each index migration that builds online,
 * drops its index and builds it again, BENCH_ROUNDS times each way, side by side: as the migration
 * once did (a plain CREATE INDEX inside a transaction) and as it does now (its own up(), outside
 * one). During every build a writer on a connection of its own changes a case and queues an email
 * without pause (one statement, one transaction, as an event does); the report gives each build's
 * time, its backend's CPU (read from /proc: the embedded PostgreSQL only; parallel workers off, so
 * that the backend does all of it), and the writes done and the longest write during it.
 * Prints a section and appends it to docs/benchmarks.md (BENCH_APPEND=false only prints).
 */
import 'reflect-metadata';
import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSettings } from '../libs/config/settings.service';
import { SystemClock } from '../libs/core/clock.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';
import { seedDemo } from '../libs/demo/demo-seed.service';
import { benchApiApp } from './bench-app.service';
import { IndexCasesByLastChange1795609200000 } from '../migrations/1795609200000-index-cases-by-last-change';
import { IndexEffectsByCase1795609300000 } from '../migrations/1795609300000-index-effects-by-case';
import { IndexOverdueCases1796408464217 } from '../migrations/1796408464217-index-overdue-cases';
import { IndexPublishedDecisions1796412000000 } from '../migrations/1796412000000-index-published-decisions';
import { IndexCasesByCreation1796433000000 } from '../migrations/1796433000000-index-cases-by-creation';
import { loadAverage, machine, throwawayDatabase } from './bench-database.service';
import { seedCaseCopies } from './case-copies.service';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number from 1`);
  return n;
};
const CASES = num('BENCH_CASES', 300_000);
const ROUNDS = num('BENCH_ROUNDS', 2);
const APPEND = !['false', '0', 'no'].includes((process.env.BENCH_APPEND ?? '').toLowerCase());
const REPORT = resolve(__dirname, '../../docs/benchmarks.md');

const BUILT_ONLINE: { migration: MigrationInterface & { name: string }; index: string }[] = [
  { migration: new IndexCasesByLastChange1795609200000(), index: 'IDX_cases_tenant_updated' },
  { migration: new IndexEffectsByCase1795609300000(), index: 'IDX_effects_case_status' },
  { migration: new IndexOverdueCases1796408464217(), index: 'IDX_cases_overdue' },
  { migration: new IndexPublishedDecisions1796412000000(), index: 'IDX_cases_published_decisions' },
  { migration: new IndexCasesByCreation1796433000000(), index: 'IDX_cases_tenant_created' },
];

interface Build {
  seconds: number;
  cpuSeconds: number | null;
  writes: number;
  longestWriteMs: number;
}

/** A backend's CPU so far (user + system), in seconds; null when it is not a process here. */
function cpuOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Changes a case and queues an email, again and again, until stopped; one statement each. */
class Writer {
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  private writes = 0;
  private longestMs = 0;

  constructor(
    private readonly client: Client,
    private readonly sql: string,
    private readonly caseIds: string[],
    private readonly effectId: string,
  ) {}

  start(): void {
    this.running = true;
    this.writes = 0;
    this.longestMs = 0;
    this.loop = (async () => {
      for (let i = 0; this.running; i++) {
        const started = performance.now();
        await this.client.query(this.sql, [this.caseIds[i % this.caseIds.length], this.effectId]);
        this.longestMs = Math.max(this.longestMs, performance.now() - started);
        this.writes++;
      }
    })();
  }

  async stop(): Promise<{ writes: number; longestMs: number }> {
    this.running = false;
    await this.loop;
    return { writes: this.writes, longestMs: this.longestMs };
  }
}

async function timed(q: QueryRunner, writer: Writer, build: () => Promise<void>): Promise<Build> {
  const [{ pid }] = (await q.query('SELECT pg_backend_pid() AS pid')) as { pid: number }[];
  writer.start();
  const cpuBefore = cpuOf(pid);
  const started = performance.now();
  await build();
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = cpuOf(pid);
  const { writes, longestMs } = await writer.stop();
  const cpuSeconds = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  return { seconds, cpuSeconds, writes, longestWriteMs: longestMs };
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const db = await throwawayDatabase('ratify_index_build');
  const ds = await openDataSource(db.url, 4);
  await migrate(ds);
  const clock = new SystemClock();
  const settings = loadSettings({ SEED_DEMO: 'false' });
  const app = await benchApiApp(ds, settings, clock);
  await seedDemo(ds, clock, app.get(DemoSeedProviders));
  await app.close();
  const [tenant] = (await ds.query('SELECT tenant_id AS id FROM tenants LIMIT 1')) as {
    id: string;
  }[];
  const seeded = await seedCaseCopies(ds, tenant.id, CASES);
  await ds.query('VACUUM (ANALYZE) cases, effects');
  const [sizes] = (await ds.query(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM effects)::int AS emails,
            pg_size_pretty(pg_table_size('cases')) AS "casesSize", pg_size_pretty(pg_table_size('effects')) AS "emailsSize",
            current_setting('server_version') AS version`,
  )) as { cases: number; emails: number; casesSize: string; emailsSize: string; version: string }[];

  const effectColumns = (
    (await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'effects'
        AND column_name <> 'id' ORDER BY ordinal_position`,
    )) as { column_name: string }[]
  ).map((c) => `"${c.column_name}"`);
  const caseIds = (
    (await ds.query('SELECT id FROM cases ORDER BY random() LIMIT 1000')) as { id: string }[]
  ).map((r) => r.id);
  const [effect] = (await ds.query('SELECT id FROM effects LIMIT 1')) as { id: string }[];
  const writerClient = new Client({ connectionString: db.url });
  await writerClient.connect();
  const writer = new Writer(
    writerClient,
    `WITH changed AS (UPDATE cases SET updated_at = now() WHERE id = $1 RETURNING id)
     INSERT INTO effects (id, ${effectColumns.join(', ')})
     SELECT gen_random_uuid(), ${effectColumns.join(', ')} FROM effects WHERE id = $2`,
    caseIds,
    effect.id,
  );

  const q = ds.createQueryRunner();
  await q.query('SET max_parallel_maintenance_workers = 0');
  const rows: { index: string; migration: string; plain: Build[]; online: Build[] }[] = [];
  for (const { migration, index } of BUILT_ONLINE) {
    const [{ def }] = (await q.query(
      `SELECT pg_get_indexdef(format('%I', $1::text)::regclass) AS def`,
      [index],
    )) as { def: string }[];
    const row = { index, migration: migration.name, plain: [] as Build[], online: [] as Build[] };
    for (let round = 0; round < ROUNDS; round++) {
      await q.query(`DROP INDEX "${index}"`);
      row.plain.push(
        await timed(q, writer, async () => {
          await q.startTransaction();
          await q.query(def);
          await q.commitTransaction();
        }),
      );
      await q.query(`DROP INDEX "${index}"`);
      row.online.push(await timed(q, writer, () => migration.up(q)));
      process.stdout.write(`${index}: round ${round + 1} of ${ROUNDS}\n`);
    }
    rows.push(row);
  }
  await q.release();
  await writerClient.end();

  const s = (b: Build[], pick: (x: Build) => number | null, digits: number) =>
    b.map((x) => (pick(x) === null ? 'n/a' : pick(x)!.toFixed(digits))).join(', ');
  const table = [
    '| index (migration) | plain: build s | CPU s | writes during | longest write s | online: build s | CPU s | writes during | longest write s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.index} (${r.migration.replace(/\D+/, '')}) | ${s(r.plain, (x) => x.seconds, 1)} | ${s(r.plain, (x) => x.cpuSeconds, 1)} | ${s(r.plain, (x) => x.writes, 0)} | ${s(r.plain, (x) => x.longestWriteMs / 1000, 2)} | ${s(r.online, (x) => x.seconds, 1)} | ${s(r.online, (x) => x.cpuSeconds, 1)} | ${s(r.online, (x) => x.writes, 0)} | ${s(r.online, (x) => x.longestWriteMs / 1000, 2)} |`,
    ),
  ];
  const section = [
    '',
    `## Index builds at ${sizes.cases.toLocaleString('en-GB')} cases: plain and online (${new Date().toISOString().slice(0, 16)}Z)`,
    '',
    `Command: \`${process.env.BENCH_CASES ? `BENCH_CASES=${CASES} ` : ''}${process.env.BENCH_ROUNDS ? `BENCH_ROUNDS=${ROUNDS} ` : ''}npm run bench:index-build\` (bench/index-build.bench.ts). Machine: ${machine(sizes.version)}. Load average at start ${loadAtStart}, at end ${loadAverage()}.`,
    '',
    `Data: the demo tenant plus ${CASES.toLocaleString('en-GB')} copies of its ${seeded.sources} cases, seeded in ${seeded.seconds.toFixed(0)} s: cases ${sizes.casesSize} (${sizes.cases.toLocaleString('en-GB')} rows), emails (effects) ${sizes.emailsSize} (${sizes.emails.toLocaleString('en-GB')} rows), vacuumed and analysed. Each index dropped and built ${ROUNDS} times each way, alternating (figures in that order): plain is the CREATE INDEX the migration ran inside its transaction until ADR 0044, online its up() now (CREATE INDEX CONCURRENTLY). CPU is the building backend's (parallel maintenance workers off). During every build one writer changes a case and queues an email, one statement after another: writes during the build, and the longest of them.`,
    '',
    ...table,
    '',
  ].join('\n');
  process.stdout.write(section);
  if (APPEND) appendFileSync(REPORT, section);
  await ds.destroy();
  await db.stop();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
