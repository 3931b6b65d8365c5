/**
 * `npm run bench:soak`: the API process's memory under ten minutes of mixed load (issue #21: "RSS
 * of the API process under 250 MB and flat after 10 minutes of mixed load"). Starts the built
 * server as `npm start` does (API and worker in one process, the demo seeded, the development
 * mailbox taking its emails) on a throwaway database, drives it over HTTP with officers' and
 * approvers' API calls, staff pages, the public register, calendar feeds, oversized bodies and
 * crowds of sign-ins (bench/sign-in-crowd.service.ts), and reads the server's RSS from /proc and
 * its heap from its own /metrics every few seconds, and after a full garbage collection asked
 * for at the start, halfway, at the end and after the idle time.
 * Prints a section and appends it to docs/benchmarks.md (BENCH_APPEND=false only prints). Nothing
 * here asserts a size: it reports what it measures.
 *
 * Settings (environment): BENCH_SECONDS (600), BENCH_CLIENTS (8), BENCH_SAMPLE_SECONDS (5),
 * BENCH_SIGN_INS_AT_ONCE (6 sent together by a client every BENCH_SIGN_IN_EVERY (4) rounds),
 * BENCH_DIAGRAM_EVERY (3: the case page's diagram every third round), BENCH_IDLE_SECONDS (30,
 * measured after the load stops), BENCH_APPEND (true), BENCH_NODE_FLAGS
 * (npm start's node flags, read from package.json, unless given), BENCH_TRACE_MS (unset: the
 * server's RSS read every so many ms with the kinds of request under way, the highest printed;
 * BENCH_TRACE_FILE keeps every reading as JSON; bench/burst-trace.service.ts). The server runs its
 * own embedded PostgreSQL in a temporary DATA_DIR, removed afterwards, whatever DATABASE_URL says.
 */
import { execSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DEMO_API_KEYS, DEMO_PASSWORDS } from '../libs/demo/demo-seed.service';
import { commandWords, f1, f2, machineWords } from './bench-report.service';
import { percentile } from './bench-load.service';
import { burstTrace, soakRequestKind, type BurstTrace } from './burst-trace.service';
import { freePorts } from './free-port.service';
import {
  collectOnSignalFlags,
  newSignInTally,
  signInCrowd,
  type SignInTally,
} from './sign-in-crowd.service';
import {
  cpuSecondsOf,
  highWaterMarkMb,
  memoryOf,
  resetHighWaterMark,
  rssSlopeMbPerMinute as slope,
  startSettings,
  type MemorySample,
} from './process-memory.service';
import { signIn, waitUntilReady } from './soak-server.service';

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number from 1`);
  return n;
};
const SECONDS = num('BENCH_SECONDS', 600);
const CLIENTS = num('BENCH_CLIENTS', 8);
const SAMPLE_SECONDS = num('BENCH_SAMPLE_SECONDS', 5);
const SIGN_INS_AT_ONCE = num('BENCH_SIGN_INS_AT_ONCE', 6);
const SIGN_IN_EVERY = num('BENCH_SIGN_IN_EVERY', 4);
const DIAGRAM_EVERY = num('BENCH_DIAGRAM_EVERY', 3);
/** The server's gate on password checks, as settings.service.ts defaults it (ADR 0043). */
const PASSWORD_CHECKS = process.env.PASSWORD_CHECKS_AT_ONCE ?? '2';
const IDLE_SECONDS = num('BENCH_IDLE_SECONDS', 30);
const TRACE_MS = process.env.BENCH_TRACE_MS ? num('BENCH_TRACE_MS', 50) : undefined;
let trace: BurstTrace | undefined;
const APPEND = !['false', '0', 'no'].includes((process.env.BENCH_APPEND ?? '').toLowerCase());
const ROOT = resolve(__dirname, '../..');
const REPORT = resolve(ROOT, 'docs/benchmarks.md');

interface Sample extends MemorySample {
  atSeconds: number;
  requests: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The mix one client runs, round and round: its own case's cycle between reads of every kind. */
function client(
  base: string,
  opening: Record<string, unknown>,
  reads: string[],
  cookie: string,
  count: { requests: number; byStatus: Map<number, number>; latencies: number[] },
  crowd: () => Promise<void>,
) {
  const key = (k: keyof typeof DEMO_API_KEYS) => ({
    Authorization: `Bearer ${DEMO_API_KEYS[k]}`,
    'Content-Type': 'application/json',
  });
  const oversized = JSON.stringify({ type: 'AGREE', payload: { note: 'x'.repeat(1_500_000) } });
  const call = async (path: string, init: RequestInit = {}) => {
    const began = performance.now();
    const kind = init.body === oversized ? 'oversized' : soakRequestKind(path, init.method);
    const sent = async () => {
      const res = await fetch(`${base}${path}`, { redirect: 'manual', ...init });
      return { res, body: await res.text() };
    };
    const { res, body } = await (trace ? trace.during(kind, sent) : sent());
    count.latencies.push(performance.now() - began);
    count.requests++;
    count.byStatus.set(res.status, (count.byStatus.get(res.status) ?? 0) + 1);
    return { status: res.status, body };
  };
  const cycle = [
    { type: 'SEEK_AGREEMENT', who: 'officer' as const, payload: {} },
    { type: 'AGREE', who: 'chiefExecutive' as const, payload: {} },
    {
      type: 'REJECT',
      who: 'accountableOfficer' as const,
      payload: { reasons: 'The discharge fund split needs another look.' },
    },
  ];
  return async (until: number) => {
    let caseId = '';
    let version = 0;
    let step = 0;
    let round = 0;
    while (Date.now() < until) {
      round++;
      // A new case every 30 rounds: the data grows while memory should not.
      if (!caseId || round % 30 === 0) {
        const opened = await call('/api/cases', {
          method: 'POST',
          headers: key('officer'),
          body: JSON.stringify(opening),
        });
        if (opened.status !== 201)
          throw new Error(`opening answered ${opened.status}: ${opened.body}`);
        caseId = (JSON.parse(opened.body) as { id: string }).id;
        version = 1;
        step = 0;
      }
      const e = cycle[step % cycle.length];
      const sent = await call(`/api/cases/${caseId}/events`, {
        method: 'POST',
        headers: key(e.who),
        body: JSON.stringify({ type: e.type, payload: e.payload, expectedVersion: version }),
      });
      if (sent.status === 200) {
        version++;
        step++;
      }
      await call(`/api/cases/${caseId}`, { headers: key('officer') });
      await call(reads[round % reads.length], { headers: { Cookie: cookie } });
      await call(`/cases/${caseId}`, { headers: { Cookie: cookie } });
      // The case page shows its diagram as an image: a browser fetches it, and elkjs's memory with it.
      if (round % DIAGRAM_EVERY === 0)
        await call(`/cases/${caseId}/diagram.svg`, { headers: { Cookie: cookie } });
      if (round % SIGN_IN_EVERY === 0) await (trace ? trace.during('sign-ins', crowd) : crowd());
      if (round % 10 === 0)
        await call(`/api/cases/${caseId}/events`, {
          method: 'POST',
          headers: key('chiefExecutive'),
          body: oversized,
        });
    }
  };
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[soak] ${line}`);
  // Four ports the OS says are free (not guessed): the API, metrics, the dev mailbox and PostgreSQL.
  const [port, metricsPort, smtpPort, pgPort] = await freePorts(4);
  const base = `http://127.0.0.1:${port}`;
  const dataDir = mkdtempSync(join(os.tmpdir(), 'ratify-soak-'));
  // PostgreSQL refuses to run as root, so the embedded server runs as another user (as in tests).
  chmodSync(dataDir, 0o777);
  const env = { ...process.env };
  delete env.DATABASE_URL;
  delete env.MIGRATION_DATABASE_URL;
  const start = startSettings(ROOT);
  // BENCH_NODE_FLAGS (space-separated) replaces npm start's node flags, to compare them.
  if (process.env.BENCH_NODE_FLAGS !== undefined)
    start.flags = process.env.BENCH_NODE_FLAGS.split(/\s+/).filter(Boolean);
  const collect = collectOnSignalFlags();
  const server = spawn(
    process.execPath,
    [...start.flags, ...collect, resolve(__dirname, '../apps/server/main.js')],
    {
      env: {
        ...env,
        ...start.env,
        DATA_DIR: dataDir,
        EMBEDDED_PG_PORT: String(pgPort),
        PORT: String(port),
        PUBLIC_ORIGIN: base,
        METRICS_PORT: String(metricsPort),
        SEED_DEMO: 'true',
        DEV_MAILBOX: 'true',
        DEV_SMTP_PORT: String(smtpPort),
        LOG_LEVEL: 'warn',
        API_RATE_LIMIT_PER_MINUTE: '1000000',
        LINK_RATE_LIMIT_PER_MINUTE: '1000000',
        // The crowd's sign-ins come each from an address of its own, through this "proxy".
        TRUST_PROXY: 'loopback',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  try {
    await waitUntilReady(base, server);
    const pid = server.pid!;
    log(`server ${pid} ready on ${base}`);
    const superuser = readFileSync(join(dataDir, 'postgres-superuser-password'), 'utf8').trim();
    const pg = new Client({
      connectionString: `postgres://postgres:${encodeURIComponent(superuser)}@127.0.0.1:${pgPort}/ratify`,
    });
    await pg.connect();
    const [demo] = (
      await pg.query(
        `SELECT c.template_id, c.template_version, c.roles, c.dates, t.slug FROM cases c
          JOIN tenants t ON t.tenant_id = c.tenant_id
         WHERE c.template_id = 'bcf-delegated-sign-off' ORDER BY c.created_at LIMIT 1`,
      )
    ).rows as {
      template_id: string;
      template_version: number;
      roles: Record<string, { kind: string; officeId?: string; delegationId?: string }>;
      dates: Record<string, string>;
      slug: string;
    }[];
    const [{ server_version: pgVersion }] = (await pg.query('SHOW server_version')).rows as {
      server_version: string;
    }[];
    await pg.end();
    const opening = {
      template: demo.template_id,
      templateVersion: demo.template_version,
      title: 'Soak test plan',
      dates: demo.dates,
      // Opened as the demo's own case was: its offices and delegation by id; the officer is the opener.
      roles: Object.fromEntries(
        Object.entries(demo.roles)
          .filter(([role]) => role !== 'officer')
          .map(([role, b]) => [role, b.officeId ?? b.delegationId]),
      ),
    };
    const cookie = await signIn(base);
    const reads = [
      '/cases',
      '/cases/find?q=plan',
      `/register/${demo.slug}`,
      `/register/${demo.slug}/register.json`,
      '/meetings',
      '/directory',
      '/health/ready',
    ];
    const machine = machineWords(`PostgreSQL ${pgVersion}`);
    const count = { requests: 0, byStatus: new Map<number, number>(), latencies: [] as number[] };
    const samples: Sample[] = [];
    const began = Date.now();
    const sample = async () =>
      samples.push({
        atSeconds: (Date.now() - began) / 1000,
        ...(await memoryOf(pid, `http://127.0.0.1:${metricsPort}/metrics`)),
        requests: count.requests,
      });
    const collected: (Sample & { when: string })[] = [];
    const afterCollection = async (when: string) => {
      process.kill(pid, 'SIGUSR2');
      // A full collection of ~100 MB takes well under a second even on a loaded machine.
      await sleep(3000);
      collected.push({
        when,
        atSeconds: (Date.now() - began) / 1000,
        ...(await memoryOf(pid, `http://127.0.0.1:${metricsPort}/metrics`)),
        requests: count.requests,
      });
    };
    await afterCollection('before the load');
    const hwmReset = resetHighWaterMark(pid);
    if (TRACE_MS) trace = burstTrace(pid, TRACE_MS, process.env.BENCH_TRACE_FILE);
    const cpuBefore = cpuSecondsOf(pid);
    await sample();
    const sampler = setInterval(() => void sample(), SAMPLE_SECONDS * 1000);
    const halfway = setTimeout(() => void afterCollection('halfway'), SECONDS * 500);
    const until = began + SECONDS * 1000;
    const signIns = newSignInTally();
    const accounts = Object.values(DEMO_PASSWORDS);
    const crowd = () => signInCrowd(base, accounts, SIGN_INS_AT_ONCE, signIns);
    log(`${CLIENTS} clients for ${SECONDS} s`);
    await Promise.all(
      Array.from({ length: CLIENTS }, () =>
        client(base, opening, reads, cookie, count, crowd)(until),
      ),
    );
    clearInterval(sampler);
    clearTimeout(halfway);
    await sample();
    const hwm = hwmReset ? highWaterMarkMb(pid) : NaN;
    trace?.stop();
    if (trace) log(trace.summary());
    const cpu = cpuSecondsOf(pid) - cpuBefore;
    const loaded = samples.slice();
    await afterCollection('at the end of the load');
    await sleep(IDLE_SECONDS * 1000);
    await sample();
    const idle = samples[samples.length - 1];
    await afterCollection(`idle ${IDLE_SECONDS} s after`);
    const section = report(machine, start, loaded, idle, hwm, cpu, count, signIns, collected);
    console.log(`\n${section}`);
    if (APPEND) appendFileSync(REPORT, `\n${section}\n`);
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once('exit', r)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The checkout's commit, and whether files differ from it. */
function commit(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain', { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} (with changes not committed)` : head;
  } catch {
    return 'unknown';
  }
}

function report(
  machine: ReturnType<typeof machineWords>,
  start: ReturnType<typeof startSettings>,
  loaded: Sample[],
  idle: Sample,
  highWaterMark: number,
  cpuSeconds: number,
  count: { requests: number; byStatus: Map<number, number>; latencies: number[] },
  signIns: SignInTally,
  collected: (Sample & { when: string })[],
): string {
  const secondHalf = loaded.filter((s) => s.atSeconds >= SECONDS / 2);
  const peakSample = loaded.reduce((a, s) => (s.rssMb > a.rssMb ? s : a));
  // The high-water mark also holds what rose and fell between two samples.
  const peak = Math.max(peakSample.rssMb, Number.isFinite(highWaterMark) ? highWaterMark : 0);
  const everyMinute = loaded.filter(
    (s, i) =>
      i === 0 ||
      i === loaded.length - 1 ||
      Math.floor(s.atSeconds / 60) !== Math.floor(loaded[i - 1].atSeconds / 60),
  );
  const sorted = count.latencies.slice().sort((a, b) => a - b);
  const signSorted = signIns.latencies.slice().sort((a, b) => a - b);
  const statuses = [...count.byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${n.toLocaleString('en-GB')} × ${s}`)
    .join(', ');
  const row = (s: Sample, at: string) =>
    `| ${at} | ${s.requests.toLocaleString('en-GB')} | ${[s.rssMb, s.anonMb, s.fileMb, s.heapTotalMb, s.heapUsedMb, s.externalMb].map(f1).join(' | ')} |`;
  const settings = [...Object.entries(start.env).map(([k, v]) => `${k}=${v}`), ...start.flags];
  return [
    `## Soak ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    '',
    `Command: \`${commandWords().replace('bench:engine', 'bench:soak')}\` at commit ${commit()}`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB.toFixed(1)} GiB, ${machine.os}; Node ${machine.node}; ${machine.postgres}. Load average at start ${machine.load}, at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}.`,
    '',
    `Load: the built server as \`npm start\` runs it (${settings.length ? settings.join(' ') : 'no node flags'}; API and worker in one process, the demo seeded, emails to the development mailbox), ${CLIENTS} clients for ${SECONDS} s, each round: an event of its own BCF case's cycle (agree, reject, seek agreement again; a new case every 30 rounds), the case over the API and as a page (its diagram too, as a browser fetches it, once every ${DIAGRAM_EVERY} rounds), one of the dashboard, search, register, register JSON, meetings, the directory or readiness; every tenth round a 1.5 MB body that is refused; every ${SIGN_IN_EVERY === 1 ? '' : `${SIGN_IN_EVERY}th `}round ${SIGN_INS_AT_ONCE} sign-ins sent together (alternately the right and a wrong password, the demo's three staff accounts, each from an address of its own; the server checks ${PASSWORD_CHECKS} at once). ${count.requests.toLocaleString('en-GB')} requests (${statuses}); latency p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms; the server's CPU (user and system) ${f1(cpuSeconds)} s, ${f2((cpuSeconds * 1000) / count.requests)} ms per request. RSS of the server's own process (not the embedded PostgreSQL's) from /proc every ${SAMPLE_SECONDS} s, split into anonymous memory (V8's heap, malloc, stacks) and file-backed pages (the node binary, native modules); V8's heap and external memory from its /metrics.`,
    '',
    '| at s | requests so far | RSS MB | anonymous MB | file-backed MB | heap total MB | heap used MB | external MB |',
    '| ---: | --------------: | -----: | -----------: | -------------: | ------------: | -----------: | ----------: |',
    ...everyMinute.map((s) => row(s, s.atSeconds.toFixed(0))),
    row(idle, `${idle.atSeconds.toFixed(0)} (idle ${IDLE_SECONDS} s after)`),
    '',
    `After a full garbage collection (asked for by the bench: \`--expose-gc\` and SIGUSR2, read 3 s later):`,
    '',
    '| when | at s | requests so far | RSS MB | anonymous MB | file-backed MB | heap total MB | heap used MB | external MB |',
    '| ---- | ---: | --------------: | -----: | -----------: | -------------: | ------------: | -----------: | ----------: |',
    ...collected.map((c) => `| ${c.when} ${row(c, c.atSeconds.toFixed(0))}`),
    '',
    `Sign-ins: ${signIns.latencies.length.toLocaleString('en-GB')} (${[...signIns.byOutcome.entries()].map(([o, n]) => `${n.toLocaleString('en-GB')} ${o}`).join(', ')}), up to ${signIns.mostAtOnce} under way at once; each (the form read, then posted) p50 ${percentile(signSorted, 50).toFixed(0)} ms, p95 ${percentile(signSorted, 95).toFixed(0)} ms, p99 ${percentile(signSorted, 99).toFixed(0)} ms.`,
    '',
    `Peak RSS under load ${peak.toFixed(1)} MB (the highest of ${loaded.length} samples ${peakSample.rssMb.toFixed(1)} MB at ${peakSample.atSeconds.toFixed(0)} s, heap total ${f1(peakSample.heapTotalMb)} MB; high-water mark over the load ${f1(highWaterMark)} MB; target < 250 MB: ${peak < 250 ? 'met' : 'not met'}); RSS slope over the second half of the load ${slope(secondHalf).toFixed(2)} MB per minute (${secondHalf.length} samples).`,
  ].join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
