/**
 * `node dist/bench/http-pair.bench.js A B`: two builds' API processes compared in the same
 * seconds (issue #21 item 6). Each checkout's built server (A/dist and B/dist, each built) runs as
 * its own API process, as bench:http runs one, on one throwaway database; this process drives
 * both at once over keep-alive connections, BENCH_CLIENTS each, the same BCF cycle with the
 * officers' and approvers' API keys, and reads each process's CPU from /proc over the same
 * windows, so that a change in the machine's load falls on both in the same seconds rather than
 * on one build's run and not the other's. Run it twice with the builds swapped and take both
 * orders: at load 15-17 (session 26) one order's B / A still moved by up to a tenth, one way in
 * one order and the other way in the next (docs/benchmarks.md). With the embedded PostgreSQL, the
 * CPU of each process's own backends too (http-pair-backends.service.ts). Prints; appends
 * nothing; asserts no timing.
 *
 * Settings (environment): BENCH_WINDOWS (4), BENCH_SECONDS (15 a window), BENCH_WARMUP_SECONDS
 * (5), BENCH_CLIENTS (16 a build), BENCH_CASES_PER_CLIENT (2), BENCH_ARGS_A and BENCH_ARGS_B
 * (Node's options for that build's API process besides its npm start's, e.g.
 * `--max-semi-space-size=8`), DATABASE_URL as bench:http.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SystemClock } from '../libs/core/clock.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { openCaseUseCase } from '../libs/testing/engine-harness.service';
import { drive, measuredPostgresPort } from './bench-load.service';
import { backendsCpuOf, backendsCpuSince } from './http-pair-backends.service';
import { BenchHttpConnection, versionAfter } from './bench-http-client.service';
import { startApiServer } from './api-server.service';
import { runtimeLogin, serverRowSecurity, type RuntimeLogin } from './runtime-role.service';
import { bcfPlanOpening, buildTenant, throwawayDatabase } from './bench-tenant.service';
import { CASES_PER_CLIENT, CYCLE, setting, stepOf, type BenchCase } from './engine-bench.settings';

const WINDOWS = Math.max(1, Math.floor(setting('BENCH_WINDOWS', 4)));
const SECONDS = setting('BENCH_SECONDS', 15);
const WARMUP_SECONDS = setting('BENCH_WARMUP_SECONDS', 5);
const CLIENTS = Math.max(1, Math.floor(setting('BENCH_CLIENTS', 16)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU used so far by a process (user and system), in ms, from /proc (USER_HZ is 100). */
function processCpuMs(pid: number): number {
  const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

type PairCase = BenchCase & { connection: BenchHttpConnection };

/** The CPU so far of the embedded PostgreSQL's backends serving process `pid`; none without it. */
function backends(pid: number): Map<string, number> {
  const port = measuredPostgresPort();
  return port === null ? new Map() : backendsCpuOf(port, pid);
}

async function main(): Promise<void> {
  const checkouts = process.argv.slice(2, 4).map((p) => resolve(p));
  if (checkouts.length !== 2) throw new Error('give two checkouts, each built: A B');
  const db = await throwawayDatabase();
  const ds = await openDataSource(db.url, 4);
  const servers: ChildProcess[] = [];
  let login: RuntimeLogin | undefined;
  try {
    await migrate(ds);
    login = await runtimeLogin(db.url);
    const open = openCaseUseCase(ds, new SystemClock());
    const { ids, actors, keys } = await buildTenant(ds);
    const body = bcfPlanOpening(ids);
    const sides = [];
    for (const [i, root] of checkouts.entries()) {
      const name = i === 0 ? 'A' : 'B';
      const args = (process.env[`BENCH_ARGS_${name}`] ?? '').split(' ').filter(Boolean);
      const { server, port } = await startApiServer(
        root,
        { runtimeUrl: login.url, ownerUrl: db.url },
        args,
        `${name}'s server`,
      );
      servers.push(server);
      const owned: PairCase[][] = [];
      for (let c = 0; c < CLIENTS; c++) {
        const connection = new BenchHttpConnection(port);
        const mine: PairCase[] = [];
        for (let k = 0; k < CASES_PER_CLIENT; k++)
          mine.push({ id: (await open.open(body, actors.officer)).caseId, version: 1, connection });
        owned.push(mine);
      }
      const op = async (c: BenchCase) => {
        const step = CYCLE[stepOf(c.version)];
        const reply = await (c as PairCase).connection.post(
          `/api/cases/${c.id}/events`,
          keys[step.who],
          { type: step.type, expectedVersion: c.version, payload: step.payload },
        );
        c.version = versionAfter(reply, c.version);
      };
      sides.push({ name, root, args, pid: server.pid!, owned, op, cpuMs: 0, pgMs: 0, events: 0 });
    }
    await Promise.all(sides.map((s) => drive('warm-up', WARMUP_SECONDS, s.owned, s.op)));
    console.log(`[bench:http-pair] ${await serverRowSecurity(ds, 'api')}`);
    for (let w = 1; w <= WINDOWS; w++) {
      const cpu0 = sides.map((s) => processCpuMs(s.pid));
      const pg0 = sides.map((s) => backends(s.pid));
      const runs = await Promise.all(sides.map((s) => drive('window', SECONDS, s.owned, s.op)));
      const words = sides.map((s, i) => {
        const cpu = processCpuMs(s.pid) - cpu0[i];
        const pg = backendsCpuSince(pg0[i], backends(s.pid));
        s.cpuMs += cpu;
        s.pgMs += pg;
        s.events += runs[i].events;
        return `${s.name} ${runs[i].events} events, ${(cpu / runs[i].events).toFixed(3)} ms/event, PostgreSQL ${(pg / runs[i].events).toFixed(3)}, ${runs[i].errors} errors`;
      });
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      console.log(`[bench:http-pair] window ${w}: ${words.join('; ')}; load ${load}`);
    }
    const per = sides.map((s) => s.cpuMs / Math.max(1, s.events));
    const pgPer = sides.map((s) => s.pgMs / Math.max(1, s.events));
    for (const [i, s] of sides.entries())
      console.log(
        `[bench:http-pair] ${s.name} = ${s.root}${s.args.length ? ` (${s.args.join(' ')})` : ''}: API process ${per[i].toFixed(3)} ms of CPU an event, its PostgreSQL backends ${pgPer[i].toFixed(3)}, over ${s.events} events`,
      );
    console.log(
      `[bench:http-pair] B / A: ${(per[1] / per[0]).toFixed(3)} (API process), ${(pgPer[1] / pgPer[0]).toFixed(3)} (its backends), ${((per[1] + pgPer[1]) / (per[0] + pgPer[0])).toFixed(3)} (both)`,
    );
  } finally {
    for (const s of servers) s.kill('SIGTERM');
    await sleep(2000);
    await ds.destroy();
    await login?.drop();
    await db.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
