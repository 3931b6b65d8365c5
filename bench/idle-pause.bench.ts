/**
 * `npm run bench:idle-pause`: what the first request after a pause costs against warm ones, for
 * each DATABASE_POOL_IDLE_SECONDS given (docs/adr/0049). The built API process (RATIFY_ROLE=api,
 * npm start's settings) on a throwaway database with the bench's council and one case; `GET
 * /api/cases/:id` with the officer's key, one request at a time on one keep-alive connection: 30
 * requests (the last 20 timed as warm), then a pause of BENCH_PAUSE_SECONDS (12), then one request
 * timed as after the pause; four rounds, the first round's pause request left out (the process's
 * own first minutes). Prints what it measured; asserts nothing.
 *
 * Settings (environment): BENCH_IDLE_SECONDS (`10,300`: the idle times to compare),
 * BENCH_PAUSE_SECONDS (12), DATABASE_URL (unset: an embedded PostgreSQL).
 */
import { request, Agent } from 'node:http';
import { resolve } from 'node:path';
import { SystemClock } from '../libs/core/clock.service';
import { migrate, openDataSource } from '../libs/database/data-source.service';
import { openCaseUseCase } from '../libs/testing/engine-harness.service';
import { startApiServer } from './api-server.service';
import { runtimeLogin, type RuntimeLogin } from './runtime-role.service';
import { commandWords, f1, machineWords } from './bench-report.service';
import { bcfPlanOpening, buildTenant, throwawayDatabase } from './bench-tenant.service';
import { setting } from './engine-bench.settings';

const ROOT = resolve(__dirname, '../..');
const PAUSE_MS = setting('BENCH_PAUSE_SECONDS', 12) * 1000;
const IDLE = (process.env.BENCH_IDLE_SECONDS ?? '10,300').split(',').map((s) => s.trim());
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One GET's time in ms, from the request's write to its reply's end; throws on another status. */
function timedGet(port: number, path: string, key: string, agent: Agent): Promise<number> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    request({ port, path, agent, headers: { authorization: `Bearer ${key}` } }, (res) => {
      res.resume();
      res.on('end', () =>
        res.statusCode === 200
          ? done(performance.now() - t0)
          : fail(new Error(`GET ${path} answered ${res.statusCode}`)),
      );
    })
      .on('error', fail)
      .end();
  });
}

async function main(): Promise<void> {
  const db = await throwawayDatabase();
  const lines: string[] = [];
  let machine = '';
  let login: RuntimeLogin | undefined;
  try {
    const ds = await openDataSource(db.url, 2);
    await migrate(ds);
    login = await runtimeLogin(db.url);
    const [{ server_version: pgVersion }]: { server_version: string }[] =
      await ds.query('SHOW server_version');
    const m = machineWords(`PostgreSQL ${pgVersion}`);
    machine = `${m.cpu}, ${m.cores} cores, ${f1(m.memoryGiB)} GiB, Node ${m.node}, ${m.postgres}, ${m.os}; load average at the start ${m.load}`;
    const { ids, actors, keys } = await buildTenant(ds);
    const path = `/api/cases/${(await openCaseUseCase(ds, new SystemClock()).open(bcfPlanOpening(ids), actors.officer)).caseId}`;
    await ds.destroy();
    for (const idle of IDLE) {
      process.env.DATABASE_POOL_IDLE_SECONDS = idle;
      const { server, port } = await startApiServer(
        ROOT,
        { runtimeUrl: login.url, ownerUrl: db.url },
        [],
        'the server',
      );
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const warm: number[] = [];
      const paused: number[] = [];
      try {
        for (let round = 0; round < 4; round++) {
          for (let i = 0; i < 30; i++) {
            const ms = await timedGet(port, path, keys.officer, agent);
            if (i >= 10) warm.push(ms);
          }
          await sleep(PAUSE_MS);
          const ms = await timedGet(port, path, keys.officer, agent);
          if (round > 0) paused.push(ms);
        }
      } finally {
        agent.destroy();
        server.kill('SIGTERM');
        await new Promise((r) => server.once('exit', r));
      }
      warm.sort((a, b) => a - b);
      lines.push(`| ${idle} | ${f1(warm[warm.length >> 1])} | ${paused.map(f1).join(', ')} |`);
    }
  } finally {
    await login?.drop();
    await db.stop();
  }
  console.log(
    [
      '',
      `#### The first request after a pause ${new Date().toISOString().slice(0, 19)}Z`,
      '',
      `Command: \`${commandWords('bench:idle-pause')}\`. Machine: ${machine}.`,
      `GET /api/cases/:id on one keep-alive connection; a pause of ${PAUSE_MS / 1000} s between rounds.`,
      '',
      '| DATABASE_POOL_IDLE_SECONDS | warm, median ms | after the pause, ms (rounds 2–4) |',
      '| --- | ---: | --- |',
      ...lines,
      '',
    ].join('\n'),
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
