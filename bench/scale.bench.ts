/**
 * `npm run bench:scale`: what people feel when a council has many cases. Seeds BENCH_CASES cases
 * (default 100,000) into a throwaway database, serves the real app over HTTP connected as the
 * product's is (a member of ratify_runtime, under row-level security), and times each read
 * an officer, a reader who is not staff (their own cases), the public and a calendar make: p50,
 * p95 and max of BENCH_SAMPLES sequential requests after BENCH_WARMUP. Then the list indexes are dropped and the list reads are timed
 * again, so that their effect shows in the same run. Prints a section and appends it to docs/benchmarks.md
 * (BENCH_APPEND=false only prints). Nothing here asserts a timing.
 *
 * Settings (environment): BENCH_CASES (100000), BENCH_SAMPLES (30), BENCH_WARMUP (3),
 * BENCH_APPEND (true), BENCH_READS (unset: every read; else words, comma-separated: only the reads
 * whose name holds one, e.g. "register"), DATABASE_URL (unset: a throwaway embedded PostgreSQL; set: a throwaway
 * database on that server, dropped afterwards).
 */
import 'reflect-metadata';
import { appendFileSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import os from 'node:os';
import { resolve } from 'node:path';
import { configureHttpApp } from '../apps/api/http/http-app.service';
import { loadSettings } from '../libs/config/settings.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { DEMO_API_KEYS, seedDemo } from '../libs/demo/demo-seed.service';
import { SystemClock } from '../libs/core/clock.service';
import { OVERDUE } from '../libs/engine/case.repository';
import { benchApiApp } from './bench-app.service';
import { CalendarFeedService } from '../libs/notifications/calendar-feed.service';
import { throwawayDatabase } from './bench-database.service';
import { registerPlans } from './register-plans.service';
import { participantLists } from './participant-lists.service';
import { seedCaseCopies } from './case-copies.service';
import { signIn } from './soak-server.service';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';
import {
  openRuntimeDataSource,
  rowSecurityProof,
  runtimeLogin,
  type RuntimeLogin,
} from './runtime-role.service';
import type { DataSource } from 'typeorm';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number from 1`);
  return n;
};
const CASES = num('BENCH_CASES', 100_000);
const SAMPLES = num('BENCH_SAMPLES', 30);
const WARMUP = num('BENCH_WARMUP', 3);
const APPEND = !['false', '0', 'no'].includes((process.env.BENCH_APPEND ?? '').toLowerCase());
const READS = (process.env.BENCH_READS ?? '')
  .split(',')
  .map((w) => w.trim())
  .filter(Boolean);
const chosen = (r: { name: string }) => READS.length === 0 || READS.some((w) => r.name.includes(w));
const REPORT = resolve(__dirname, '../../docs/benchmarks.md');

interface Read {
  name: string;
  path: string;
  headers: Record<string, string>;
}
interface Timing {
  name: string;
  p50: number;
  p95: number;
  max: number;
  bytes: number;
  status: number;
  /** The iCalendar events the last answer held (a calendar feed's). */
  events: number;
}

async function time(base: string, r: Read): Promise<Timing> {
  const one = async () => {
    const t = process.hrtime.bigint();
    const res = await fetch(base + r.path, { headers: r.headers });
    const body = Buffer.from(await res.arrayBuffer());
    return {
      ms: Number(process.hrtime.bigint() - t) / 1e6,
      bytes: body.length,
      status: res.status,
      events: body.toString('utf8').split('BEGIN:VEVENT').length - 1,
    };
  };
  for (let i = 0; i < WARMUP; i++) await one();
  const runs = [];
  for (let i = 0; i < SAMPLES; i++) runs.push(await one());
  const ms = runs.map((x) => x.ms).sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.ceil(q * ms.length) - 1)];
  return {
    name: r.name,
    p50: at(0.5),
    p95: at(0.95),
    max: ms[ms.length - 1],
    bytes: runs[runs.length - 1].bytes,
    status: runs[runs.length - 1].status,
    events: runs[runs.length - 1].events,
  };
}

const row = (t: Timing) =>
  `| ${t.name} | ${t.status} | ${t.p50.toFixed(1)} | ${t.p95.toFixed(1)} | ${t.max.toFixed(1)} | ${(t.bytes / 1024).toFixed(1)} |`;
const table = (ts: Timing[]) =>
  [
    '| read | status | p50 ms | p95 ms | max ms | KiB |',
    '| ---- | -----: | -----: | -----: | -----: | --: |',
    ...ts.map(row),
  ].join('\n');

/** The council's person or body with the most pending deadlines, as the feeds read them. */
async function busiest(
  ds: DataSource,
  tenantId: string,
  concerns: 'person' | 'body',
): Promise<{ id: string; pending: number } | undefined> {
  const [top] = (await ds.query(
    `SELECT subject_id AS id, count(*)::int AS pending FROM deadline_concerns
      WHERE tenant_id = $1 AND concerns = $2 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    [tenantId, concerns],
  )) as { id: string; pending: number }[];
  return top;
}

/** What each calendar feed timed answered: its events, against the pending deadlines it was chosen by. */
function feedEvents(ts: Timing[], personPending: number, bodyPending: number): string[] {
  const said = (name: string, who: string, pending: number) => {
    const t = ts.find((x) => x.name === name);
    return t
      ? [
          `The ${name.replace('calendar feed, ', '')}'s feed is that of the ${who} with the most pending deadlines (${pending.toLocaleString('en-GB')}); its answer held ${t.events.toLocaleString('en-GB')} events.`,
        ]
      : [];
  };
  const lines = [
    ...said('calendar feed, person', 'person', personPending),
    ...said('calendar feed, body', 'body', bodyPending),
  ];
  return lines.length ? [lines.join(' '), ''] : [];
}

async function main(): Promise<void> {
  const loadAtStart = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
  const db = await throwawayDatabase('ratify_scale');
  let ds: DataSource | undefined;
  let login: RuntimeLogin | undefined;
  let appDs: DataSource | undefined;
  let app: Awaited<ReturnType<typeof benchApiApp>> | undefined;
  try {
    // The bench seeds and looks things up as the owner; the app connects as the product's does.
    ds = await openDataSource(db.url);
    await migrate(ds);
    login = await runtimeLogin(db.url);
    appDs = await openRuntimeDataSource(login);
    const settings = loadSettings({
      SEED_DEMO: 'false',
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      LINK_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    const clock = new SystemClock();
    app = await benchApiApp(appDs, settings, clock);
    configureHttpApp(app, settings);
    // As apps/server/main.ts seeds it: through the app, on the app's connection.
    await seedDemo(appDs, clock, app.get(DemoSeedProviders));
    const [tenant] = (await ds.query('SELECT tenant_id AS id, slug FROM tenants LIMIT 1')) as {
      id: string;
      slug: string;
    }[];
    const connectedAs = await rowSecurityProof(appDs, tenant.id);
    console.log(connectedAs);
    const seeded = await seedCaseCopies(ds, tenant.id, CASES);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    const cookie = await signIn(base);
    const [awaited] = (await ds.query(
      `SELECT unnest(awaiting_person_ids) AS id, count(*) FROM cases WHERE tenant_id = $1
        GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
      [tenant.id],
    )) as { id: string }[];
    // Each feed for the person or body with the most pending deadlines: the person the most cases
    // await had none (1a16eeb), so the person's feed was timed on an empty answer.
    const feedPerson = (await busiest(ds, tenant.id, 'person')) ?? { id: awaited.id, pending: 0 };
    const body = await busiest(ds, tenant.id, 'body');
    const [oneCase] = (await ds.query(
      'SELECT id FROM cases WHERE tenant_id = $1 ORDER BY updated_at DESC LIMIT 1 OFFSET $2',
      [tenant.id, Math.floor(CASES / 2)],
    )) as { id: string }[];
    const feeds = app.get(CalendarFeedService);
    const key = { Authorization: `Bearer ${DEMO_API_KEYS.officer}` };
    const page = { Cookie: cookie };
    const lists: Read[] = [
      { name: 'GET /api/cases (first page)', path: '/api/cases', headers: key },
      { name: 'GET /api/cases?awaiting=', path: `/api/cases?awaiting=${awaited.id}`, headers: key },
      { name: 'GET /api/cases?overdue=true', path: '/api/cases?overdue=true', headers: key },
      { name: 'officer dashboard (GET /cases)', path: '/cases', headers: page },
      { name: 'search (GET /cases/find?q=plan)', path: '/cases/find?q=plan', headers: page },
    ];
    // Page 41 as a reader reaches it: the next link of page 40 (its cursor 2,000 decisions deep).
    const page40 = await (await fetch(`${base}/register/${tenant.slug}?offset=1950`)).text();
    const deepPage =
      /href="([^"]+)" rel="next"/.exec(page40)?.[1]?.replace(/&amp;/g, '&') ??
      `/register/${tenant.slug}?offset=2000`;
    // A reader who is not staff: the cases they have a part in (not timed again without the indexes).
    const participant = await participantLists(ds, tenant.id);
    const others: Read[] = [
      ...participant.reads,
      { name: 'GET /api/cases/:id', path: `/api/cases/${oneCase.id}`, headers: key },
      { name: 'staff case page (GET /cases/:id)', path: `/cases/${oneCase.id}`, headers: page },
      { name: 'public register', path: `/register/${tenant.slug}`, headers: {} },
      {
        name: 'public register, page 41 (old ?offset= address)',
        path: `/register/${tenant.slug}?offset=2000`,
        headers: {},
      },
      { name: 'public register, page 41 by cursor', path: deepPage, headers: {} },
      {
        name: 'public register, key decisions',
        path: `/register/${tenant.slug}?keyDecision=yes`,
        headers: {},
      },
      {
        name: 'public register, words (?q=plan)',
        path: `/register/${tenant.slug}?q=plan`,
        headers: {},
      },
      { name: 'public register JSON', path: `/register/${tenant.slug}/register.json`, headers: {} },
      { name: 'calendar feed, person', path: feeds.feedPath('people', feedPerson.id), headers: {} },
      ...(body
        ? [{ name: 'calendar feed, body', path: feeds.feedPath('bodies', body.id), headers: {} }]
        : []),
    ];
    const [{ overdue }] = (await ds.query(
      `SELECT count(*)::int AS overdue FROM cases WHERE tenant_id = $1 AND ${OVERDUE}`,
      [tenant.id],
    )) as { overdue: number }[];
    const withIndex: Timing[] = [];
    for (const r of [...lists, ...others].filter(chosen)) {
      withIndex.push(await time(base, r));
      console.log(row(withIndex[withIndex.length - 1]));
    }
    const plans =
      READS.length === 0 || READS.some((w) => 'register'.includes(w))
        ? await registerPlans(appDs, tenant.id)
        : [];
    await ds.query('DROP INDEX "IDX_cases_tenant_updated"');
    await ds.query('DROP INDEX "IDX_effects_case_status"');
    await ds.query('DROP INDEX "IDX_cases_overdue"');
    const withoutIndex: Timing[] = [];
    for (const r of lists.filter(chosen)) {
      withoutIndex.push(await time(base, r));
      console.log(`without the index: ${row(withoutIndex[withoutIndex.length - 1])}`);
    }
    const [{ server_version: version }] = (await ds.query('SHOW server_version')) as {
      server_version?: string;
    }[];
    const cpu =
      /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ??
      os.cpus()[0]?.model;
    const env = Object.keys(process.env)
      .filter((k) => k.startsWith('BENCH_'))
      .sort();
    const section = [
      `## Scale ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
      '',
      `Command: \`${[...env.map((k) => `${k}=${process.env[k]}`), 'npm run bench:scale'].join(' ')}\``,
      '',
      `Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}; Node ${process.version}; PostgreSQL ${version ?? '?'}${process.env.DATABASE_URL ? ' (DATABASE_URL)' : ' (embedded)'}. Load average at start ${loadAtStart}, at end ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}.`,
      '',
      `Data: the demo tenant plus ${CASES.toLocaleString('en-GB')} copies of its ${seeded.sources} cases (with their emails and open deadlines, due dates spread over 60 days), last changed one every 7 minutes back in time, ${overdue.toLocaleString('en-GB')} of them overdue; seeded in ${seeded.seconds.toFixed(0)} s. Each read: ${WARMUP} warm-up then ${SAMPLES} sequential requests over HTTP on 127.0.0.1.`,
      '',
      connectedAs,
      '',
      table(withIndex),
      '',
      ...(participant.said && withIndex.some((t) => t.name.startsWith('participant'))
        ? [participant.said, '']
        : []),
      ...feedEvents(withIndex, feedPerson.pending, body?.pending ?? 0),
      ...(plans.length
        ? [
            "The register's queries as the database ran them for the app's login, bound to the council (EXPLAIN (ANALYZE, BUFFERS)):",
            '',
            ...plans,
            '',
          ]
        : []),
      ...(withoutIndex.length
        ? [
            'The list reads again in the same run after dropping the three indexes issue #21 added (`IDX_cases_tenant_updated`, `IDX_effects_case_status`, `IDX_cases_overdue`):',
            '',
            table(withoutIndex),
            '',
          ]
        : []),
    ].join('\n');
    console.log(`\n${section}`);
    if (APPEND) appendFileSync(REPORT, `\n${section}`);
  } finally {
    // Each undone whatever failed before it: on a shared server (DATABASE_URL) the run's login is
    // the whole server's, and a run stopped part-way left it there for good.
    const undo = [
      () => app?.close(),
      () => appDs?.destroy(),
      () => ds?.destroy(),
      () => login?.drop(),
      () => db.stop(),
    ];
    for (const step of undo)
      await Promise.resolve()
        .then(step)
        .catch((e: unknown) => console.error('cleaning up:', e));
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
