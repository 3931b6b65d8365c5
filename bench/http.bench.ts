/**
 * `npm run bench:http`: `POST /api/cases/:id/events` over HTTP against the engine in-process, in
 * the same run on the same database (issue #21: "POST of an event over HTTP at ≥ 0.7 of the
 * in-process engine in the same run"). The built server runs as its own process with the API role
 * only, as a deployment runs it; this process drives it over keep-alive connections with the
 * officers' and approvers' API keys, and drives SendEventUseCase itself on other cases of the same
 * council, phases alternating (engine, HTTP, engine, HTTP) so that a change in the machine's load
 * falls on both sides. Prints a section and appends it to docs/benchmarks.md (BENCH_APPEND=false
 * only prints). Nothing here asserts a timing: it reports what it measures.
 *
 * Settings (environment): BENCH_SECONDS (10 per phase), BENCH_WARMUP_SECONDS (3),
 * BENCH_CLIENTS (32), BENCH_CASES_PER_CLIENT (2), DATABASE_URL (unset: a throwaway embedded
 * PostgreSQL; set: a throwaway database on that server), BENCH_APPEND (true),
 * BENCH_SERVER_NODE_ARGS (Node's options for the API process besides npm start's, e.g. `--cpu-prof`
 * to see where its CPU goes), BENCH_API_PROCESSES (1: how many API processes serve the HTTP side,
 * each started as the one is, the clients' connections spread over them evenly as a load balancer
 * would; docs/operations.md's several API processes on one machine, one a core).
 *
 * Both sides run under the node flags and memory settings of package.json's start scripts (the
 * MALLOC_* settings, --max-semi-space-size, --max-old-space-size): the API process as a deployment
 * starts it, and this process too, which runs itself again under them (rerunUnderStart), so that
 * a flag weighs on the engine in-process as on the API.
 */
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSource } from 'typeorm';
import { SystemClock } from '../libs/core/clock.service';
import { withTenant } from '../libs/core/tenant-context.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { openCaseUseCase, sendEventUseCase } from '../libs/testing/engine-harness.service';
import { drive, measuredPostgresPort } from './bench-load.service';
import {
  postgresTable,
  postgresUse,
  statementsReset,
  statementsSince,
} from './postgres-use.service';
import { advancedFrom, BenchHttpConnection, versionAfter } from './bench-http-client.service';
import { startApiServer } from './api-server.service';
import { commandWords, f1, f2, machineWords } from './bench-report.service';
import { bcfPlanOpening, buildTenant, throwawayDatabase } from './bench-tenant.service';
import { rerunUnderStart, runtimeSettings } from './start-settings.service';
import {
  openRuntimeDataSource,
  rowSecurityProof,
  runtimeLogin,
  serverRowSecurity,
  type RuntimeLogin,
} from './runtime-role.service';
import {
  APPEND,
  BenchCase,
  CASES_PER_CLIENT,
  CLIENTS,
  CYCLE,
  PhaseResult,
  REPORT,
  SECONDS,
  WARMUP_SECONDS,
  setting,
  stepOf,
} from './engine-bench.settings';
import { engineStep } from './engine-step.service';

const AT_HTTP_RATE = setting('BENCH_ENGINE_AT_HTTP_RATE', 0) > 0;
const API_PROCESSES = Math.max(1, Math.floor(setting('BENCH_API_PROCESSES', 1)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The checkout (dist/bench/.. /..), whose package.json says how the server is started. */
const ROOT = resolve(__dirname, '../..');

/** CPU used so far by a process (user and system), in ms, from /proc; NaN where unreadable. */
function processCpuMs(pid: number): number {
  try {
    const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

/** Two phases of one side added together. */
function both(a: PhaseResult, b: PhaseResult): PhaseResult & { serverCpuMsPerEvent?: number } {
  const events = a.events + b.events;
  const seconds = a.seconds + b.seconds;
  const w = (x: number, y: number) => (x * a.events + y * b.events) / Math.max(1, events);
  return {
    name: a.name,
    events,
    seconds,
    perSecond: events / seconds,
    latencyMs: {
      p50: w(a.latencyMs.p50, b.latencyMs.p50),
      p95: w(a.latencyMs.p95, b.latencyMs.p95),
      p99: Math.max(a.latencyMs.p99, b.latencyMs.p99),
      max: Math.max(a.latencyMs.max, b.latencyMs.max),
      mean: w(a.latencyMs.mean, b.latencyMs.mean),
    },
    nodeCpuMsPerEvent: w(a.nodeCpuMsPerEvent, b.nodeCpuMsPerEvent),
    postgresCpuMsPerEvent: w(a.postgresCpuMsPerEvent, b.postgresCpuMsPerEvent),
    machineBusyPercent: (a.machineBusyPercent + b.machineBusyPercent) / 2,
    errors: a.errors + b.errors,
  };
}

async function main(): Promise<void> {
  const log = (line: string) => console.log(`[bench:http] ${line}`);
  const db = await throwawayDatabase();
  // The bench's own set-up and readings as the owner; both sides' writes as the product's login.
  const ds = await openDataSource(db.url, 4);
  const servers: ChildProcess[] = [];
  const connections = new Map<BenchCase, BenchHttpConnection>();
  let login: RuntimeLogin | undefined;
  let appDs: DataSource | undefined;
  try {
    await migrate(ds);
    login = await runtimeLogin(db.url);
    appDs = await openRuntimeDataSource(
      login,
      setting('BENCH_ENGINE_POOL', Math.max(32, CLIENTS) + 2),
    );
    const [{ server_version: pgVersion }]: { server_version: string }[] =
      await ds.query('SHOW server_version');
    const clock = new SystemClock();
    const send = sendEventUseCase(appDs, clock);
    const open = openCaseUseCase(ds, clock);
    const { ids, actors, keys } = await buildTenant(ds);
    const body = bcfPlanOpening(ids);
    const casesFor = async () => {
      const owned: BenchCase[][] = [];
      for (let c = 0; c < CLIENTS; c++) {
        const mine: BenchCase[] = [];
        for (let k = 0; k < CASES_PER_CLIENT; k++)
          mine.push({ id: (await open.open(body, actors.officer)).caseId, version: 1 });
        owned.push(mine);
      }
      return owned;
    };
    log(`opening ${2 * CLIENTS * CASES_PER_CLIENT} cases`);
    const engineCases = await casesFor();
    const httpCases = await casesFor();

    const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const ports: number[] = [];
    for (let n = 1; n <= API_PROCESSES; n++) {
      const started = await startApiServer(
        ROOT,
        { runtimeUrl: login.url, ownerUrl: db.url },
        nodeArgs,
        `API process ${n}`,
      );
      servers.push(started.server);
      ports.push(started.port);
      log(`API process ${started.server.pid} on port ${started.port}`);
    }
    const pids = servers.map((s) => s.pid!);
    const apiCpuMs = () => pids.reduce((sum, pid) => sum + processCpuMs(pid), 0);
    // One keep-alive connection for each client loop, shared by the cases it owns; the loops'
    // connections spread over the API processes in turn.
    for (const [i, owned] of httpCases.entries()) {
      const connection = new BenchHttpConnection(ports[i % ports.length]);
      for (const c of owned) connections.set(c, connection);
    }

    // Bound to the council as the API's request is once its key is resolved.
    const engineSend = engineStep(send, actors);
    const engineOp = (c: BenchCase) =>
      withTenant(ids.tenantId, async () => {
        c.version = advancedFrom(c.version, await engineSend(c));
      });
    const httpOp = async (c: BenchCase) => {
      const step = CYCLE[stepOf(c.version)];
      const res = await connections.get(c)!.post(`/api/cases/${c.id}/events`, keys[step.who], {
        type: step.type,
        expectedVersion: c.version,
        payload: step.payload,
      });
      c.version = versionAfter(res, c.version);
    };
    const phase = async (name: string, owned: BenchCase[][], op: typeof engineOp) => {
      const cpu0 = apiCpuMs();
      const statements = await statementsReset(ds);
      const use = await postgresUse(ds, measuredPostgresPort());
      const r = await drive(name, SECONDS, owned, op);
      if (statements)
        for (const line of await statementsSince(ds, r.events)) log(`${name}: ${line}`);
      return { ...r, serverCpuMs: apiCpuMs() - cpu0, postgres: await use() };
    };
    // BENCH_ENGINE_AT_HTTP_RATE: after each HTTP phase the engine again, held to that phase's rate,
    // so that what PostgreSQL spends an event can be compared at one rate (group commit, the
    // background processes' time spread over fewer events). Not in the ratio.
    const paced = (perSecond: number): typeof engineOp => {
      let next = performance.now();
      return async (c) => {
        const now = performance.now();
        const slot = Math.max(next, now);
        next = slot + 1000 / perSecond;
        if (slot > now) await sleep(slot - now);
        await engineOp(c);
      };
    };
    const extra: Awaited<ReturnType<typeof phase>>[] = [];
    log(`warm-up: ${WARMUP_SECONDS} s each side`);
    await drive('warm-up', WARMUP_SECONDS, engineCases, engineOp);
    await drive('warm-up', WARMUP_SECONDS, httpCases, httpOp);
    const connectedAs = [
      await rowSecurityProof(appDs, ids.tenantId),
      await serverRowSecurity(ds, 'api'),
    ];
    for (const line of connectedAs) log(line);
    const runs: Awaited<ReturnType<typeof phase>>[] = [];
    for (const round of [1, 2]) {
      runs.push(await phase('engine in-process', engineCases, engineOp));
      runs.push(await phase('POST over HTTP', httpCases, httpOp));
      if (AT_HTTP_RATE)
        extra.push(
          await phase("engine at HTTP's rate", engineCases, paced(runs.at(-1)!.perSecond)),
        );
      log(
        `round ${round}: engine ${f1(runs.at(-2)!.perSecond)}/s, HTTP ${f1(runs.at(-1)!.perSecond)}/s`,
      );
    }
    const engine = both(runs[0], runs[2]);
    const http = both(runs[1], runs[3]);
    const serverCpu = (runs[1].serverCpuMs + runs[3].serverCpuMs) / Math.max(1, http.events);
    const idleServerCpu = (runs[0].serverCpuMs + runs[2].serverCpuMs) / (2 * SECONDS);
    const ratio = http.perSecond / engine.perSecond;
    const machine = machineWords(`PostgreSQL ${pgVersion}`);
    const row = (r: PhaseResult, cpu: string) =>
      `| ${r.name} | ${f1(r.perSecond)} | ${r.events} | ${f1(r.latencyMs.p50)} | ${f1(r.latencyMs.p95)} | ${f1(r.latencyMs.p99)} | ${f1(r.nodeCpuMsPerEvent)} | ${cpu} | ${f2(r.postgresCpuMsPerEvent)} | ${f1(r.machineBusyPercent)} % | ${r.errors} |`;
    const text = [
      `#### HTTP against the engine ${new Date().toISOString().slice(0, 19)}Z`,
      '',
      `Command: \`${commandWords('bench:http')}\`. Machine: ${machine.cpu}, ${machine.cores} cores, ${f1(machine.memoryGiB)} GiB, Node ${machine.node}, ${machine.postgres}, ${machine.os}; load average when it ended ${machine.load}.`,
      `${connectedAs.join(' ')} The engine in-process writes through that pool, bound to the council as a request is.`,
      `${CLIENTS} clients, ${CASES_PER_CLIENT} cases each per side, BCF cycle (seek agreement, agree, reject); ${SECONDS} s per phase, engine and HTTP alternating twice, after ${WARMUP_SECONDS} s of warm-up each. ${API_PROCESSES === 1 ? 'The API process: the built server' : `${API_PROCESSES} API processes, each the built server,`} with RATIFY_ROLE=api on the same database${API_PROCESSES === 1 ? '' : ', the clients spread over them evenly'}. Both processes under npm start's settings: ${startWords()}.`,
      '',
      '| side | events/s | events | p50 ms | p95 ms | p99 ms | bench process CPU ms/event | API process CPU ms/event | PostgreSQL CPU ms/event | machine busy | errors |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
      row(engine, 'idle'),
      row(http, f2(serverCpu)),
      '',
      postgresTable([...runs, ...extra]),
      '',
      `**Ratio HTTP / engine: ${f2(ratio)}** (target ≥ 0.7: ${ratio >= 0.7 ? 'met' : 'not met'}). Rounds: ${runs.map((r) => `${r.name} ${f1(r.perSecond)}/s`).join(', ')}. The API ${API_PROCESSES === 1 ? 'process' : 'processes'} idled at ${f1(idleServerCpu)} ms of CPU a second${API_PROCESSES === 1 ? '' : ' together'} while the engine ran.`,
      '',
    ].join('\n');
    console.log('\n' + text);
    if (APPEND) {
      appendFileSync(REPORT, '\n' + text);
      log(`appended to ${REPORT}`);
    }
  } finally {
    for (const connection of connections.values()) connection.close();
    await Promise.all(
      servers
        .filter((server) => server.exitCode === null)
        .map((server) => {
          const exited = new Promise((r) => server.once('exit', r));
          server.kill('SIGTERM');
          return exited;
        }),
    );
    await appDs?.destroy();
    await ds.destroy();
    await login?.drop();
    await sleep(250);
    await db.stop();
  }
}

/** npm start's node flags and memory settings, as both sides ran under them. */
function startWords(): string {
  const start = runtimeSettings(ROOT);
  return [...Object.entries(start.env).map(([k, v]) => `${k}=${v}`), ...start.flags].join(' ');
}

rerunUnderStart(ROOT)
  .then(async (code) => {
    if (code !== null) process.exit(code);
    await main();
  })
  .then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
