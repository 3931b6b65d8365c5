import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_API_KEYS } from '../libs/demo/demo-seed.service';
import { ensureWorkerBuilt, waitUntil } from '../libs/testing/worker-process.service';

const ROOT = resolve(__dirname, '..');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function inFlight(metricsPort: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  const m = /^ratify_http_requests_in_flight (\d+)$/m.exec(await res.text());
  return m ? Number(m[1]) : -1;
}

/**
 * `npm start` as a newcomer runs it: no DATABASE_URL, so the process runs its own embedded
 * PostgreSQL. The package behind it stops every cluster it started as soon as SIGTERM arrives
 * (its exit hook), which used to cut the connections of requests still in flight and crash the
 * process on an unhandled pool error; the database must stop last, after those requests.
 */
describe('graceful shutdown of `npm start` with its embedded database', () => {
  let child: ChildProcess;
  let out = '';
  let dataDir: string;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(() => ensureWorkerBuilt());
  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  jest.setTimeout(300_000);

  it('answers a request that reaches the database after SIGTERM, also after a second SIGTERM, then stops the database and exits 0', async () => {
    const [port, metricsPort, pgPort, smtpPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    dataDir = mkdtempSync(join(tmpdir(), 'ratify-shutdown-embedded-'));
    chmodSync(dataDir, 0o777);
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of [
      'DATABASE_URL',
      'MIGRATION_DATABASE_URL',
      'SMTP_URL',
      'RATIFY_FAULT',
      'LINK_SECRET',
      'RATIFY_CLOCK_FILE',
    ])
      delete env[k];
    child = spawn(process.execPath, [join(ROOT, 'dist/apps/server/main.js')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...env,
        RATIFY_ROLE: 'all',
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        EMBEDDED_PG_PORT: String(pgPort),
        DEV_SMTP_PORT: String(smtpPort),
        DATA_DIR: dataDir,
        SEED_DEMO: 'true',
      },
    });
    child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    const alive = () => child.exitCode === null && child.signalCode === null;

    await waitUntil(
      'the API is ready',
      async () => {
        if (!alive()) throw new Error(`exited early\nprocess output:\n${out}`);
        try {
          return (await fetch(`http://127.0.0.1:${port}/health/ready`)).status === 200;
        } catch {
          return false;
        }
      },
      { timeoutMs: 240_000 },
    );

    // Signed in by API key, so the answer needs the database: after the body's last byte.
    const body = JSON.stringify({ template: 'bcf-delegated-sign-off', title: 'In flight' });
    const socket: Socket = connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (c: Buffer) => (response += c.toString('utf8')));
    const socketClosed = new Promise<void>((r) => socket.once('close', () => r()));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Authorization: Bearer ${DEMO_API_KEYS.officer}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body.slice(0, 10)}`,
    );
    await waitUntil(
      'the server counts the request in flight',
      async () => (await inFlight(metricsPort)) === 1,
      { timeoutMs: 60_000 },
    );

    child.kill('SIGTERM');
    await waitUntil('the process says it is stopping', async () => /"msg":"stopping/.test(out), {
      timeoutMs: 60_000,
    });
    // An impatient operator signals again: the drain goes on, the database still stops last.
    child.kill('SIGTERM');
    await waitUntil(
      'the second signal is delivered',
      async () => (await inFlight(metricsPort)) === 1,
      {
        timeoutMs: 60_000,
      },
    );
    expect(alive()).toBe(true);

    socket.write(body.slice(10));
    await socketClosed;
    // Authenticated against the database, then refused for what the body lacks: not a 500.
    expect({ response, output: out }).toMatchObject({
      response: expect.stringMatching(/^HTTP\/1\.1 422 /) as unknown,
    });
    expect(response).toContain('"code":"INVALID_INPUT"');

    const exit = await exited;
    expect({ exit, output: out }).toMatchObject({ exit: { code: 0, signal: null } });
    expect(out).not.toMatch(/Unhandled 'error' event|terminating connection/);
    const msgs = out
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(msgs[msgs.length - 1]).toBe('stopped');
  });
});
