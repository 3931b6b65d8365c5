/**
 * `npm run bench:pgbouncer`: several API and worker processes through PgBouncer in transaction
 * mode (issue #21 item 7, ADR 0039). Not part of `npm test`: it needs PgBouncer installed
 * (`apt-get install -y pgbouncer`) and says so, exiting 2, when it is not.
 *
 * A throwaway embedded PostgreSQL, migrated as its owner, with the runtime login (ratify_app) that
 * row-level security holds to a council; PgBouncer in transaction mode in front of it with fewer
 * server connections than the processes' pools, so that each server connection serves both
 * councils and all processes in turn; two API and two worker processes of the built server
 * connecting through it as that login (DATABASE_NAMED_STATEMENTS=false: PgBouncer before 1.21
 * keeps no prepared statements; migrations straight to PostgreSQL as the owner). The load, from
 * two councils at once: events POSTed over HTTP to both API processes with each council's keys
 * (BCF cycle), reads of the other council's cases (must be 404) and of the council's own list
 * (must hold only its own cases); a third of the way in, every deadline of further cases of both
 * councils made due, which the workers fire and whose emails, with the events', they deliver to an
 * SMTP server in this process. Checked: every event accepted, no row of another council seen,
 * every deadline settled once (the events added equal the deadlines fired), every email delivered
 * exactly once and to its own council's people. Prints a section, appends it to docs/benchmarks.md
 * (BENCH_APPEND=false only prints), and exits 1 when a check fails.
 *
 * Settings: BENCH_SECONDS (60, the HTTP load), BENCH_CLIENTS (8 per council), BENCH_DEADLINE_CASES
 * (60 per council), BENCH_POOL_SIZE (4, PgBouncer's server connections), PGBOUNCER (its path),
 * BENCH_SERVER_MAIN (another build's dist/apps/server/main.js, run instead of this one's).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { Client } from 'pg';
import { SystemClock } from '../libs/core/clock.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { ensureRuntimeLogin } from '../libs/database/database-roles.service';
import { openCaseUseCase } from '../libs/testing/engine-harness.service';
import { drive } from './bench-load.service';
import { commandWords, f1, machineWords } from './bench-report.service';
import { bcfPlanOpening, buildTenant, throwawayDatabase } from './bench-tenant.service';
import { APPEND, BenchCase, CYCLE, REPORT, setting, stepOf } from './engine-bench.settings';
import { freePorts } from './free-port.service';
import { pgbouncerBinary, ServerProcess, startPgbouncer } from './pgbouncer.service';
import { smtpSink } from './smtp-sink.service';

const SECONDS = setting('BENCH_SECONDS', 60);
const CLIENTS = Math.max(1, Math.floor(setting('BENCH_CLIENTS', 8)));
const DEADLINE_CASES = Math.max(1, Math.floor(setting('BENCH_DEADLINE_CASES', 60)));
const POOL_SIZE = Math.max(1, Math.floor(setting('BENCH_POOL_SIZE', 4)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A request with a council's key; the status and the parsed body. */
async function call(port: number, key: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: {
      Authorization: `Bearer ${key}`,
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed as Record<string, unknown> };
}

async function until(probe: () => Promise<boolean>, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!(await probe())) {
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
  return true;
}

/**
 * A login that owns a database of its own and may create roles but is no superuser, as a managed
 * PostgreSQL's administrator is; its URL. Made by the cluster's superuser, as the provider does.
 */
async function managedOwner(superuserUrl: string): Promise<string> {
  const password = randomBytes(18).toString('base64url');
  const su = new Client({ connectionString: superuserUrl });
  await su.connect();
  try {
    await su.query(
      `CREATE ROLE ratify_owner LOGIN NOSUPERUSER CREATEROLE PASSWORD ${su.escapeLiteral(password)}`,
    );
    await su.query('CREATE DATABASE ratify_managed OWNER ratify_owner');
  } finally {
    await su.end();
  }
  const u = new URL(superuserUrl);
  u.username = 'ratify_owner';
  u.password = encodeURIComponent(password);
  u.pathname = '/ratify_managed';
  return u.toString();
}

async function main(): Promise<number> {
  const binary = pgbouncerBinary();
  if (!binary) {
    console.error(
      'bench:pgbouncer needs PgBouncer, which is not installed here: `apt-get install -y pgbouncer` ' +
        '(Debian 12 has 1.18), or PGBOUNCER=/path/to/pgbouncer. Nothing was run.',
    );
    return 2;
  }
  const log = (line: string) => console.log(`[bench:pgbouncer] ${line}`);
  const db = await throwawayDatabase();
  // As on a managed PostgreSQL: the app's owner is no superuser (CREATEROLE, as providers give).
  const ownerUrl = await managedOwner(db.url);
  const ds = await openDataSource(ownerUrl, 8);
  const sink = await smtpSink();
  const processes: ServerProcess[] = [];
  let bouncer: Awaited<ReturnType<typeof startPgbouncer>> | undefined;
  try {
    await migrate(ds);
    const [{ server_version: pgVersion }]: { server_version: string }[] =
      await ds.query('SHOW server_version');
    const password = randomBytes(18).toString('base64url');
    await ensureRuntimeLogin(ownerUrl, 'ratify_app', password);
    const clock = new SystemClock();
    const open = openCaseUseCase(ds, clock);
    const councils: (Awaited<ReturnType<typeof buildTenant>> & {
      name: string;
      owned: BenchCase[][];
      waiting: string[];
      caseIds: Set<string>;
    })[] = [];
    for (const name of ['A', 'B']) {
      const t = await buildTenant(ds);
      const body = bcfPlanOpening(t.ids);
      const owned: BenchCase[][] = [];
      for (let c = 0; c < CLIENTS; c++)
        owned.push([{ id: (await open.open(body, t.actors.officer)).caseId, version: 1 }]);
      const waiting: string[] = [];
      for (let c = 0; c < DEADLINE_CASES; c++)
        waiting.push((await open.open(body, t.actors.officer)).caseId);
      councils.push({
        name,
        ...t,
        owned,
        waiting,
        caseIds: new Set([...owned.flat().map((c) => c.id), ...waiting]),
      });
    }
    log(`two councils, ${councils.length * (CLIENTS + DEADLINE_CASES)} cases`);
    const [bouncerPort, ...ports] = await freePorts(3);
    bouncer = await startPgbouncer({
      binary,
      server: ownerUrl,
      port: bouncerPort,
      user: 'ratify_app',
      password,
      poolSize: POOL_SIZE,
    });
    const env = {
      DATABASE_URL: bouncer.url,
      MIGRATION_DATABASE_URL: ownerUrl,
      DATABASE_NAMED_STATEMENTS: 'false',
      SMTP_URL: sink.url,
      LINK_SECRET: 'bench-link-secret-bench-link-secret-0123456789',
      API_RATE_LIMIT_PER_MINUTE: '100000000',
    };
    for (const port of ports) processes.push(new ServerProcess('api', env, port));
    for (let i = 0; i < 2; i++) processes.push(new ServerProcess('worker', env));
    await Promise.all(processes.map((p) => p.ready()));
    log(`PgBouncer on ${bouncerPort}; API processes on ${ports.join(', ')}; two workers`);

    const tally = {
      events: 0,
      crossReads: 0,
      crossSeen: 0,
      lists: 0,
      foreignListed: 0,
      failures: [] as string[],
    };
    const fail = (what: string) => {
      if (tally.failures.length < 20) tally.failures.push(what);
    };
    let turn = 0;
    const opFor =
      (me: (typeof councils)[number], other: (typeof councils)[number]) => async (c: BenchCase) => {
        const port = ports[turn++ % ports.length];
        const step = CYCLE[stepOf(c.version)];
        const res = await call(port, me.keys[step.who], `/api/cases/${c.id}/events`, {
          type: step.type,
          expectedVersion: c.version,
          payload: step.payload,
        });
        if (res.status !== 200) {
          fail(
            `council ${me.name}: POST ${step.type} answered ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
          );
          throw new Error(`HTTP ${res.status}`);
        }
        c.version = res.body.version as number;
        tally.events++;
        const theirs = [...other.caseIds][turn % other.caseIds.size];
        const cross = await call(port, me.keys.officer, `/api/cases/${theirs}`);
        tally.crossReads++;
        if (cross.status !== 404) {
          tally.crossSeen++;
          fail(`council ${me.name} read council ${other.name}'s case: ${cross.status}`);
        }
        if (turn % 4 === 0) {
          const list = await call(port, me.keys.officer, '/api/cases?limit=200');
          tally.lists++;
          const items = (list.body.items ?? []) as { id: string }[];
          if (list.status !== 200 || items.length === 0)
            fail(`council ${me.name}'s list: ${list.status}`);
          for (const item of items) if (!me.caseIds.has(item.id)) tally.foreignListed++;
        }
      };
    const [a, b] = councils;
    const deadlineCases = councils.flatMap((c) => c.waiting);
    let due = { deadlines: [] as string[], before: 0 };
    const makeDue = sleep((SECONDS * 1000) / 3).then(async () => {
      const [row]: { ids: string[] | null; before: number }[] = await ds.query(
        `WITH d AS (UPDATE deadlines SET due_at = now() - random() * interval '60 seconds'
                     WHERE case_id = ANY($1::uuid[]) AND status = 'pending' RETURNING id)
         SELECT (SELECT array_agg(id) FROM d) AS ids,
                (SELECT sum(version)::int FROM cases WHERE id = ANY($1::uuid[])) AS before`,
        [deadlineCases],
      );
      due = { deadlines: row.ids ?? [], before: row.before };
      log(`${due.deadlines.length} deadlines made due`);
    });
    log(`load: ${SECONDS} s, ${CLIENTS} clients per council`);
    const [httpA, httpB] = await Promise.all([
      drive('council A', SECONDS, a.owned, opFor(a, b)),
      drive('council B', SECONDS, b.owned, opFor(b, a)),
    ]);
    await makeDue;
    const settled = await until(async () => {
      const [{ deadlines, emails }]: { deadlines: number; emails: number }[] = await ds.query(
        `SELECT (SELECT count(*)::int FROM deadlines WHERE id = ANY($1::uuid[]) AND status = 'pending') AS deadlines,
                (SELECT count(*)::int FROM effects WHERE kind = 'email' AND status = 'pending' AND available_at <= now()) AS emails`,
        [due.deadlines],
      );
      return deadlines === 0 && emails === 0;
    }, 600_000);
    if (!settled) fail('deadlines or emails still pending after 10 minutes');
    // Round trips through PgBouncer per POST, one at a time: the count while POSTing less what the
    // workers' polling costs in the same time (counted first, with nothing else running).
    const queries = async () => {
      await sleep(1_500);
      return (await bouncer!.stats()).queries;
    };
    const idle0 = await queries();
    const idleStart = Date.now();
    await sleep(10_000);
    const idle1 = await queries();
    const idleRate = (idle1 - idle0) / (Date.now() - idleStart - 1_500);
    const posts = 30;
    const postStart = Date.now();
    for (let i = 0; i < posts; i++) {
      const c = a.owned[i % a.owned.length][0];
      const step = CYCLE[stepOf(c.version)];
      const res = await call(ports[0], a.keys[step.who], `/api/cases/${c.id}/events`, {
        type: step.type,
        expectedVersion: c.version,
        payload: step.payload,
      });
      if (res.status !== 200) fail(`a POST one at a time answered ${res.status}`);
      else c.version = res.body.version as number;
    }
    const postEnd = Date.now();
    const perPost = ((await queries()) - idle1 - idleRate * (postEnd - postStart + 1_500)) / posts;
    const stats = await bouncer.stats();

    const byStatus: { status: string; n: number }[] = await ds.query(
      `SELECT status, count(*)::int AS n FROM deadlines WHERE id = ANY($1::uuid[]) GROUP BY status`,
      [due.deadlines],
    );
    const of = (s: string) => byStatus.find((r) => r.status === s)?.n ?? 0;
    const [{ after }]: { after: number }[] = await ds.query(
      `SELECT coalesce(sum(version), 0)::int AS after FROM cases WHERE id = ANY($1::uuid[])`,
      [deadlineCases],
    );
    const emails: { id: string; status: string; domain: string }[] = await ds.query(
      `SELECT e.id, e.status, (SELECT split_part(p.email, '@', 2) FROM people p WHERE p.tenant_id = e.tenant_id LIMIT 1) AS domain
         FROM effects e WHERE e.kind = 'email' AND e.status <> 'pending'`,
    );
    const sent = emails.filter((e) => e.status === 'done');
    const times = sent.map((e) => sink.counts.get(e.id) ?? 0);
    const strays = sent.filter((e) =>
      [...(sink.domains.get(e.id) ?? [])].some((d) => d !== e.domain),
    );
    const fired = of('fired');
    const checks: [string, boolean][] = [
      [
        `every event accepted (${tally.events}; ${httpA.errors + httpB.errors} refused)`,
        httpA.errors + httpB.errors === 0,
      ],
      [
        `no case of the other council read (${tally.crossReads} tries, ${tally.crossSeen} seen)`,
        tally.crossSeen === 0,
      ],
      [
        `lists hold only the council's own cases (${tally.lists} lists, ${tally.foreignListed} foreign rows)`,
        tally.foreignListed === 0,
      ],
      [
        `every deadline settled (${due.deadlines.length}: ${fired} fired, ${of('stale') + of('suspended')} stale, ${of('pending')} pending)`,
        due.deadlines.length > 0 && of('pending') === 0,
      ],
      [
        `each fired deadline added one event (${after - due.before} events for ${fired} fired)`,
        after - due.before === fired,
      ],
      [
        `each email delivered once (${sent.length} sent: ${times.filter((t) => t === 1).length} once, ${times.filter((t) => t === 0).length} never, ${times.filter((t) => t > 1).length} more than once; ${emails.length - sent.length} failed)`,
        sent.length > 0 && times.every((t) => t === 1) && emails.length === sent.length,
      ],
      [
        `each email to its own council's people (${strays.length} to another's)`,
        strays.length === 0,
      ],
      [`no process failed (${processes.length} stopped by SIGTERM)`, true],
    ];
    for (const p of processes.splice(0))
      if (!(await p.stop())) checks[checks.length - 1][1] = false;
    const machine = machineWords(`PostgreSQL ${pgVersion}`);
    const text = [
      `#### API and worker processes through PgBouncer ${new Date().toISOString().slice(0, 19)}Z`,
      '',
      `Command: \`${commandWords('bench:pgbouncer')}\`. Machine: ${machine.cpu}, ${machine.cores} cores, ${f1(machine.memoryGiB)} GiB, Node ${machine.node}, ${machine.postgres} (embedded), ${machine.os}; load average when it ended ${machine.load}.`,
      `${stats.version}, pool_mode = transaction, default_pool_size = ${stats.poolSize} (${stats.servers} server connections open at the end); two API and two worker processes (${process.env.BENCH_SERVER_MAIN ? `the server at ${process.env.BENCH_SERVER_MAIN}` : 'this build of the server'}, RATIFY_ROLE=api / worker) through it as the runtime login, DATABASE_NAMED_STATEMENTS=false; ${CLIENTS} HTTP clients per council for ${SECONDS} s, ${DEADLINE_CASES} cases per council whose deadlines were made due a third of the way in. Through PgBouncer: ${stats.transactions} transactions, ${stats.queries} queries (round trips); one \`POST\` of an event at a time, ${f1(perPost)} round trips each (${posts} POSTs, less the workers' polling counted over 10 s idle: ${f1(idleRate * 1000)} a second).`,
      '',
      `| council | events | events/s | p50 ms | p95 ms | errors |`,
      `| --- | --- | --- | --- | --- | --- |`,
      ...[httpA, httpB].map(
        (r) =>
          `| ${r.name} | ${r.events} | ${f1(r.perSecond)} | ${f1(r.latencyMs.p50)} | ${f1(r.latencyMs.p95)} | ${r.errors} |`,
      ),
      '',
      ...checks.map(([what, ok]) => `- ${ok ? 'passed' : '**FAILED**'}: ${what}`),
      ...tally.failures.map((f) => `  - ${f}`),
      '',
    ].join('\n');
    console.log('\n' + text);
    if (APPEND) appendFileSync(REPORT, '\n' + text);
    return checks.every(([, ok]) => ok) ? 0 : 1;
  } catch (e) {
    for (const p of processes) console.error(`--- ${p.role} ${p.pid}:\n${p.output().slice(-3000)}`);
    if (bouncer) console.error(`--- pgbouncer:\n${bouncer.log().slice(-3000)}`);
    throw e;
  } finally {
    for (const p of processes) await p.stop();
    await bouncer?.stop();
    await sink.close();
    await ds.destroy();
    await sleep(250);
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e);
    process.exit(1);
  },
);
