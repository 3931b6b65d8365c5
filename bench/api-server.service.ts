import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from './free-port.service';
import { runtimeSettings } from './start-settings.service';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A checkout's built server started as a deployment starts its API (npm start's flags and memory
 * settings, RATIFY_ROLE=api) with `nodeArgs` besides, and waited for until /health/live answers:
 * bench:http's one server and bench:http-pair's two start the same way. It connects as a
 * deployment's does: DATABASE_URL the runtime login (runtime-role.service.ts), under row-level
 * security, MIGRATION_DATABASE_URL the owner.
 */
export async function startApiServer(
  root: string,
  database: { runtimeUrl: string; ownerUrl: string },
  nodeArgs: string[],
  name: string,
): Promise<{ server: ChildProcess; port: number }> {
  const port = await freePort();
  const start = runtimeSettings(root);
  const server = spawn(
    process.execPath,
    [...start.flags, ...nodeArgs, resolve(root, 'dist/apps/server/main.js')],
    {
      env: {
        ...process.env,
        ...start.env,
        DATABASE_URL: database.runtimeUrl,
        MIGRATION_DATABASE_URL: database.ownerUrl,
        RATIFY_ROLE: 'api',
        PORT: String(port),
        PUBLIC_ORIGIN: `http://127.0.0.1:${port}`,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        API_RATE_LIMIT_PER_MINUTE: '100000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  for (let tries = 0; ; tries++) {
    if (server.exitCode !== null) throw new Error(`${name} exited with ${server.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/health/live`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) return { server, port };
    if (tries > 600) {
      server.kill('SIGTERM');
      throw new Error(`${name} did not answer in five minutes`);
    }
    await sleep(500);
  }
}
