/**
 * `npm run bench:workers`: what worker processes get through (issue #21). Real worker processes
 * (`dist/apps/worker/main.js`, as `npm run start:worker` runs them, at their default interval) on
 * a throwaway database deliver BENCH_EMAILS pending emails (5,000) to an SMTP server in this
 * process, first with one worker then with three; then three workers fire BENCH_DEADLINES
 * deadlines (10,000) all due within the last minute, on copies of the demo's cases. Each phase is
 * timed from the commit that makes the work due to the moment none is left, and checked: every
 * email arrived exactly once under its own Message-ID, every deadline was settled and every fired
 * one advanced its case by exactly one event. The deadlines phase then waits for the emails its
 * deadlines queued, which the same workers send after their deadlines (apps/worker's
 * DeadlinesFirst), reads the CPU again (the work a deadline brings, emails and all) and counts
 * each of those emails sent twice or never. Prints a section and appends it to
 * docs/benchmarks.md (BENCH_APPEND=false only prints). Nothing here asserts a timing.
 *
 * Settings (environment): BENCH_EMAILS (5000; 0 skips the email phases), BENCH_DEADLINES (10000),
 * BENCH_WORKERS (3), BENCH_APPEND (true), BENCH_BASELINE_WORKER (another build's worker main.js,
 * timed on the same phases, first), DATABASE_URL (unset: a throwaway embedded PostgreSQL).
 */
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadSettings } from '../libs/config/settings.service';
import { SystemClock } from '../libs/core/clock.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { seedDemo } from '../libs/demo/demo-seed.service';
import { benchApiApp } from './bench-app.service';
import { loadAverage, machine, throwawayDatabase } from './bench-database.service';
import { measurePostgresOnPort, postgresCpuMs } from './bench-load.service';
import { type Worker, withWorkers } from './bench-worker.service';
import { smtpSink } from './smtp-sink.service';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';

const num = (name: string, fallback: number, least = 1): number => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < least)
    throw new Error(`${name} must be a whole number from ${least}`);
  return n;
};
const EMAILS = num('BENCH_EMAILS', 5_000, 0);
const DEADLINES = num('BENCH_DEADLINES', 10_000, 0);
const WORKERS = num('BENCH_WORKERS', 3);
const APPEND = !['false', '0', 'no'].includes((process.env.BENCH_APPEND ?? '').toLowerCase());
const ROOT = resolve(__dirname, '../..');
const REPORT = join(ROOT, 'docs/benchmarks.md');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/main.js');
/** Another build's worker (e.g. main before a change), timed on the same emails in the same run. */
const BASELINE = process.env.BENCH_BASELINE_WORKER
  ? resolve(process.env.BENCH_BASELINE_WORKER)
  : null;

type Db = Awaited<ReturnType<typeof openDataSource>>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(probe: () => Promise<boolean>, limitMs = 1_800_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('the work was not done within 30 minutes');
    await sleep(50);
  }
}

const columnsOf = async (ds: Db, table: string, except: string[]) =>
  (
    (await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position`,
      [table],
    )) as { column_name: string }[]
  )
    .map((c) => c.column_name)
    .filter((c) => !except.includes(c));

interface EmailRun {
  build: string;
  workers: number;
  seconds: number;
  perSecond: number;
  duplicates: number;
  missing: number;
  load: string;
}

/** EMAILS copies of one of the demo's emails, pending from now, sent by `workers` workers. */
async function emailPhase(
  ds: Db,
  dbUrl: string,
  workers: number,
  main = WORKER_MAIN,
): Promise<EmailRun> {
  const sink = await smtpSink();
  try {
    return await withWorkers(
      workers,
      sink.url,
      dbUrl,
      async () => {
        const load = loadAverage();
        const cols = await columnsOf(ds, 'effects', ['id', 'status', 'attempts', 'available_at']);
        const started = Date.now();
        const made: { id: string }[] = await ds.query(
          `INSERT INTO effects (id, status, attempts, available_at, ${cols.join(', ')})
         SELECT gen_random_uuid(), 'pending', 0, now(), ${cols.map((c) => `e.${c}`).join(', ')}
           FROM (SELECT * FROM effects WHERE kind = 'email' ORDER BY id LIMIT 1) e,
                generate_series(1, $1)
         RETURNING id`,
          [EMAILS],
        );
        const ids = made.map((r) => r.id);
        await until(async () => {
          const [{ n }]: { n: number }[] = await ds.query(
            `SELECT count(*)::int AS n FROM effects WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
            [ids],
          );
          return n === 0;
        });
        const seconds = (Date.now() - started) / 1000;
        const counted = ids.map((id) => sink.counts.get(id) ?? 0);
        return {
          build: main === WORKER_MAIN ? 'this one' : `baseline (${main})`,
          workers,
          seconds,
          perSecond: EMAILS / seconds,
          duplicates: counted.filter((c) => c > 1).length,
          missing: counted.filter((c) => c === 0).length,
          load,
        };
      },
      main,
    );
  } finally {
    await sink.close();
  }
}

interface DeadlineRun {
  build: string;
  workers: number;
  deadlines: number;
  seconds: number;
  fired: number;
  stale: number;
  eventsAdded: number;
  load: string;
  /** CPU per deadline settled, ms: the workers' together, and the embedded PostgreSQL's. */
  workerCpuMs: number;
  postgresCpuMs: number;
  /** The emails the fired deadlines queued (all sent), and how many had gone by `seconds`. */
  emails: number;
  sentBySettled: number;
  /** Seconds until the last of those emails was sent, and the CPU per deadline until then. */
  secondsAll: number;
  /** Of the emails the bench's cases queued: sent more than once, and never sent. */
  emailDuplicates: number;
  emailsMissing: number;
  workerCpuAllMs: number;
  postgresCpuAllMs: number;
  /** Deadlocks PostgreSQL broke during the phase (each rolls a batch back to be fired again). */
  deadlocks: number;
}

/** Copies of the demo's own cases that wait on a deadline, their deadlines due in the last minute. */
async function deadlinePhase(ds: Db, dbUrl: string, workers: number, main = WORKER_MAIN) {
  // The emails an earlier phase's deadlines queued and its workers had not sent when stopped are
  // settled first: a second build's phase sent them too, and its CPU a deadline came out higher.
  await ds.query(`UPDATE effects SET status = 'done', done_at = now() WHERE status = 'pending'`);
  const sink = await smtpSink();
  const run = async (procs: Worker[]): Promise<DeadlineRun> => {
    const load = loadAverage();
    const workerCpu = () => procs.reduce((sum, w) => sum + w.cpuMs(), 0);
    const cpu0 = { workers: workerCpu(), postgres: postgresCpuMs() };
    const deadlocks = async () =>
      Number(
        (
          (await ds.query(
            'SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()',
          )) as { deadlocks: string }[]
        )[0].deadlocks,
      );
    const deadlocks0 = await deadlocks();
    const caseCols = await columnsOf(ds, 'cases', ['id', 'reference', 'title']);
    const dlCols = await columnsOf(ds, 'deadlines', ['id', 'case_id', 'due_at']);
    const sources: { id: string; n: number }[] = await ds.query(
      `SELECT case_id AS id, count(*)::int AS n FROM deadlines WHERE status = 'pending'
        AND case_id IN (SELECT id FROM cases WHERE title NOT LIKE '% (bench %)')
      GROUP BY case_id ORDER BY case_id`,
    );
    if (sources.length === 0) throw new Error('the demo has no case waiting on a deadline');
    const perRound = sources.reduce((a, s) => a + s.n, 0);
    const rounds = Math.ceil(DEADLINES / perRound);
    const started = Date.now();
    // The copies' versions are read as they are made: the workers fire from the commit on.
    const [{ cases, deadlines, before }]: {
      cases: string[];
      deadlines: string[];
      before: number;
    }[] = await ds.query(
      `WITH plan AS (SELECT gen_random_uuid() AS id, g, s AS source_id
                     FROM generate_series(1, $2::int) g, unnest($1::uuid[]) s),
          made AS (
            INSERT INTO cases (id, reference, title, ${caseCols.join(', ')})
            SELECT p.id, c.reference || '-' || p.id, c.title || ' (bench ' || p.g || ')', ${caseCols.map((c) => `c.${c}`).join(', ')}
              FROM plan p JOIN cases c ON c.id = p.source_id
            RETURNING id, version),
          due AS (
            INSERT INTO deadlines (id, case_id, due_at, ${dlCols.join(', ')})
            SELECT gen_random_uuid(), p.id, now() - random() * interval '60 seconds',
                   ${dlCols.map((c) => `d.${c}`).join(', ')}
              FROM plan p JOIN deadlines d ON d.case_id = p.source_id AND d.status = 'pending'
            RETURNING id)
     SELECT (SELECT array_agg(id) FROM made) AS cases, (SELECT array_agg(id) FROM due) AS deadlines,
            (SELECT sum(version)::int FROM made) AS before`,
      [sources.map((s) => s.id), rounds],
    );
    // Polled by what is due rather than by the ids: counting 10,000 ids every 50 ms cost
    // PostgreSQL a quarter of what the workers' own statements did (pg_stat_statements), and took
    // it from the workers. Nothing else pending is due (the demo's deadlines are still to come);
    // the ids are counted once nothing due is left.
    const [{ last }]: { last: Date }[] = await ds.query(
      `SELECT max(due_at) AS last FROM deadlines WHERE id = ANY($1::uuid[])`,
      [deadlines],
    );
    const count = async (sql: string, params: unknown[]) =>
      ((await ds.query(sql, params)) as { n: number }[])[0].n;
    await until(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM deadlines WHERE status = 'pending' AND due_at <= $1`,
          [last],
        )) === 0 &&
        (await count(
          `SELECT count(*)::int AS n FROM deadlines WHERE id = ANY($1::uuid[]) AND status = 'pending'`,
          [deadlines],
        )) === 0,
    );
    const seconds = (Date.now() - started) / 1000;
    const cpu = { workers: workerCpu() - cpu0.workers, postgres: postgresCpuMs() - cpu0.postgres };
    const settled: { status: string; n: number }[] = await ds.query(
      `SELECT status, count(*)::int AS n FROM deadlines WHERE id = ANY($1::uuid[]) GROUP BY status`,
      [deadlines],
    );
    const [{ n: after }]: { n: number }[] = await ds.query(
      `SELECT coalesce(sum(version), 0)::int AS n FROM cases WHERE id = ANY($1::uuid[])`,
      [cases],
    );
    const of = (s: string) => settled.find((r) => r.status === s)?.n ?? 0;
    // The emails the fired deadlines queued are sent by the same workers while they fire the rest:
    // how many had gone by the last deadline depends on how fast each is sent, so the phase also
    // waits for the last of them and reads the CPU then (a build that sends faster sends more of
    // them in the deadlines' seconds, and its CPU a deadline settled rises with it).
    const sentBySettled = [...sink.counts.values()].reduce((a, n) => a + n, 0);
    await until(
      async () =>
        (await count(
          `SELECT count(*)::int AS n FROM effects WHERE status = 'pending' AND kind = 'email'`,
          [],
        )) === 0,
    );
    const secondsAll = (Date.now() - started) / 1000;
    const cpuAll = {
      workers: workerCpu() - cpu0.workers,
      postgres: postgresCpuMs() - cpu0.postgres,
    };
    const emails = [...sink.counts.values()].reduce((a, n) => a + n, 0);
    // Each email the copies' deadlines queued, by its effect's id (its Message-ID's local part).
    const queued = (
      (await ds.query(`SELECT id FROM effects WHERE kind = 'email' AND case_id = ANY($1::uuid[])`, [
        cases,
      ])) as { id: string }[]
    ).map((e) => sink.counts.get(e.id) ?? 0);
    return {
      emailDuplicates: queued.filter((n) => n > 1).length,
      emailsMissing: queued.filter((n) => n === 0).length,
      emails,
      sentBySettled,
      secondsAll,
      workerCpuAllMs: cpuAll.workers / deadlines.length,
      postgresCpuAllMs: cpuAll.postgres / deadlines.length,
      workers,
      deadlines: deadlines.length,
      seconds,
      fired: of('fired'),
      stale: of('stale') + of('suspended'),
      eventsAdded: after - before,
      load,
      build: main === WORKER_MAIN ? 'this one' : `baseline (${main})`,
      workerCpuMs: cpu.workers / deadlines.length,
      postgresCpuMs: cpu.postgres / deadlines.length,
      deadlocks: (await deadlocks()) - deadlocks0,
    };
  };
  try {
    return await withWorkers(workers, sink.url, dbUrl, run, main);
  } finally {
    await sink.close();
  }
}

const deadlineTable = (runs: DeadlineRun[]) => [
  "| worker build | deadlines due in the last minute | workers | seconds to settle all | per second | fired | stale | events the fired added | workers' CPU ms per deadline | PostgreSQL CPU ms per deadline | deadlocks | emails queued (sent by then) | emails sent twice / never | seconds until the last email sent | workers' / PostgreSQL's CPU ms per deadline until then | load average when the phase began |",
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...runs.map(
    (d) =>
      `| ${d.build} | ${d.deadlines} | ${d.workers} | ${d.seconds.toFixed(1)} | ${(d.deadlines / d.seconds).toFixed(0)} | ${d.fired} | ${d.stale} | ${d.eventsAdded} | ${d.workerCpuMs.toFixed(2)} | ${d.postgresCpuMs.toFixed(2)} | ${d.deadlocks} | ${d.emails} (${d.sentBySettled}) | ${d.emailDuplicates} / ${d.emailsMissing} | ${d.secondsAll.toFixed(1)} | ${d.workerCpuAllMs.toFixed(2)} / ${d.postgresCpuAllMs.toFixed(2)} | ${d.load} |`,
  ),
  '',
];

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const db = await throwawayDatabase('ratify_workers');
  // The embedded server's CPU is read from /proc by its port (n/a on DATABASE_URL).
  if (!process.env.DATABASE_URL) measurePostgresOnPort(Number(new URL(db.url).port));
  const ds = await openDataSource(db.url);
  await migrate(ds);
  const settings = loadSettings({ SEED_DEMO: 'false' });
  const clock = new SystemClock();
  const app = await benchApiApp(ds, settings, clock);
  await app.init();
  await seedDemo(ds, clock, app.get(DemoSeedProviders));
  // The demo's own emails are not part of the measure: settled before the workers start.
  await ds.query(`UPDATE effects SET status = 'done', done_at = now() WHERE status = 'pending'`);
  const emails: EmailRun[] = [];
  for (const n of EMAILS > 0 ? [1, WORKERS] : []) {
    for (const main of BASELINE ? [BASELINE, WORKER_MAIN] : [WORKER_MAIN]) {
      emails.push(await emailPhase(ds, db.url, n, main));
      console.log(JSON.stringify(emails[emails.length - 1]));
    }
  }
  const deadlines: DeadlineRun[] = [];
  for (const main of DEADLINES > 0 ? (BASELINE ? [BASELINE, WORKER_MAIN] : [WORKER_MAIN]) : []) {
    deadlines.push(await deadlinePhase(ds, db.url, WORKERS, main));
    console.log(JSON.stringify(deadlines[deadlines.length - 1]));
  }
  const [{ server_version: version }] = (await ds.query('SHOW server_version')) as {
    server_version?: string;
  }[];
  const env = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort();
  const section = [
    `#### Workers ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `Command: \`${[...env.map((k) => `${k}=${process.env[k]}`), 'npm run bench:workers'].join(' ')}\``,
    '',
    `Machine: ${machine(version)}. Load average at start ${loadAtStart}, at end ${loadAverage()}.`,
    '',
    ...(emails.length
      ? [
          '| worker build | emails | workers | seconds | emails/s | duplicates | missing | load average when the phase began |',
          '| ------------ | -----: | ------: | ------: | -------: | ---------: | ------: | -------------------------------- |',
          ...emails.map(
            (e) =>
              `| ${e.build} | ${EMAILS} | ${e.workers} | ${e.seconds.toFixed(1)} | ${e.perSecond.toFixed(1)} | ${e.duplicates} | ${e.missing} | ${e.load} |`,
          ),
          '',
        ]
      : []),
    ...(deadlines.length ? deadlineTable(deadlines) : []),
  ].join('\n');

  console.log(`\n${section}`);
  if (APPEND) appendFileSync(REPORT, `\n${section}`);
  await app.close();
  await ds.destroy();
  await db.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
