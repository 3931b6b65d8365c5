import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { ensureWorkerBuilt, waitUntil } from '../libs/testing/worker-process.service';

const ROOT = resolve(__dirname, '..');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Whether something accepts a TCP connection on the port now. */
function accepts(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      done(true);
    });
    s.once('error', () => done(false));
  });
}

async function inFlight(metricsPort: number): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  const m = /^ratify_http_requests_in_flight (\d+)$/m.exec(await res.text());
  return m ? Number(m[1]) : -1;
}

describe('graceful shutdown of `npm start` (a real process, a real signal)', () => {
  let db: TestDatabase;
  let child: ChildProcess;
  let out = '';
  let dataDir: string;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  beforeAll(async () => {
    ensureWorkerBuilt();
    db = await openTestDatabase();
  });
  afterAll(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    await db.drop();
  });

  jest.setTimeout(300_000);

  it('finishes the request in flight when SIGTERM arrives, refuses new connections, and exits 0', async () => {
    const [port, metricsPort] = [await freePort(), await freePort()];
    dataDir = mkdtempSync(join(tmpdir(), 'ratify-shutdown-'));
    chmodSync(dataDir, 0o777);
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ['SMTP_URL', 'RATIFY_FAULT', 'LINK_SECRET', 'RATIFY_CLOCK_FILE']) delete env[k];
    child = spawn(process.execPath, [join(ROOT, 'dist/apps/server/main.js')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...env,
        RATIFY_ROLE: 'all',
        DATABASE_URL: db.url,
        PORT: String(port),
        METRICS_PORT: String(metricsPort),
        DATA_DIR: dataDir,
        SEED_DEMO: 'false',
        DEV_MAILBOX: 'false',
        WORKER_INTERVAL_MS: '50',
      },
    });
    child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
    const alive = () => child.exitCode === null && child.signalCode === null;
    const why = () => `process output:\n${out}`;

    // A start on a busy 2-core machine may take a while: the condition is awaited, not a time.
    await waitUntil(
      'the API accepts connections',
      async () => {
        if (!alive()) throw new Error(`exited early\n${why()}`);
        return accepts(port);
      },
      { timeoutMs: 180_000 },
    );

    // A request whose body is still arriving: in flight until the rest is sent.
    const body = JSON.stringify({ template: 'bcf-delegated-sign-off', title: 'In flight' });
    const socket: Socket = connect(port, '127.0.0.1');
    let response = '';
    socket.on('data', (c: Buffer) => (response += c.toString('utf8')));
    const socketClosed = new Promise<void>((r) => socket.once('close', () => r()));
    await new Promise<void>((r) => socket.once('connect', () => r()));
    socket.write(
      `POST /api/cases HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
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
    await waitUntil('the public port refuses new connections', async () => !(await accepts(port)), {
      timeoutMs: 60_000,
    });
    expect(alive()).toBe(true);

    // The rest of the body arrives after the signal: the request is still answered in full.
    socket.write(body.slice(10));
    // Answered, then the connection closed by the server (kept alive no longer while stopping).
    await socketClosed;
    expect(response).toMatch(/^HTTP\/1\.1 401 /);
    expect(response).toContain('"code":"UNAUTHENTICATED"');

    const exit = await exited;
    expect({ exit, output: out }).toMatchObject({ exit: { code: 0, signal: null } });
    const lines = out
      .trim()
      .split('\n')
      .map(
        (l) => JSON.parse(l) as { msg: string; req?: { path: string }; res?: { status: number } },
      );
    const msgs = lines.map((l) => l.msg);
    const stopping = msgs.findIndex((m) => m.startsWith('stopping'));
    const answered = lines.findIndex((l) => l.msg === 'request' && l.req?.path === '/api/cases');
    expect(stopping).toBeGreaterThanOrEqual(0);
    expect(answered).toBeGreaterThan(stopping);
    expect(msgs[msgs.length - 1]).toBe('stopped');
    // Quiet start: no line per route or per module.
    expect(msgs.filter((m) => /Mapped \{|dependencies initialized/.test(m))).toEqual([]);
  });
});
