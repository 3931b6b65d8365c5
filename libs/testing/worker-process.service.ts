import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureDistBuilt } from './dist-build.service';

const ROOT = resolve(__dirname, '..', '..');
const WORKER_MAIN = join(ROOT, 'dist', 'apps', 'worker', 'main.js');
/**
 * How long to wait for a worker process to start, print or exit. A condition is awaited, never a
 * fixed time; the bound is generous because on a busy 2-core machine (CI beside other suites, load
 * near 20) Node took more than 20 s just to print its first line.
 */
export const WORKER_WAIT_MS = 120_000;
/** A test that starts worker processes needs room for their start and its own waits. */
export const WORKER_TEST_TIMEOUT_MS = 4 * WORKER_WAIT_MS;

/** Builds dist when it is missing or older than the sources (libs/testing/dist-build.service.ts). */
export function ensureWorkerBuilt(): void {
  ensureDistBuilt(WORKER_MAIN);
}

/**
 * The time every worker process of a test reads (RATIFY_CLOCK_FILE, FileClock). Written to a
 * temporary name and renamed, so that a worker never reads half a time.
 */
export class ClockFile {
  readonly dir = mkdtempSync(join(tmpdir(), 'ratify-clock-'));
  readonly path = join(this.dir, 'now');
  private current: Date;

  constructor(start: Date | string) {
    this.current = new Date(start);
    this.write();
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date | string): void {
    this.current = new Date(at);
    this.write();
  }

  advance(ms: number): void {
    this.set(new Date(this.current.getTime() + ms));
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private write(): void {
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, this.current.toISOString());
    renameSync(tmp, this.path);
  }
}

export interface WorkerOptions {
  /** The test file's own database (openTestDatabase().url). */
  databaseUrl: string;
  clockFile: ClockFile;
  /** smtp://127.0.0.1:<port> of an SmtpCapture; unset, emails wait in the outbox. */
  smtpUrl?: string;
  /** Test-only fault, e.g. crash-before-effect. */
  fault?: string;
  intervalMs?: number;
  /** METRICS_PORT (a freePort()): the process's metrics, read by jobRuns(). */
  metricsPort?: number;
  /** SHUTDOWN_GRACE_MS, when a test needs the grace to run out. */
  shutdownGraceMs?: number;
}

/** A TCP port free on 127.0.0.1 now, for a process the test starts. */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `node dist/apps/worker/main.js` as a child process on the test's database and clock. */
export class WorkerProcess {
  private stdout = '';
  private stderr = '';
  private readonly exited: Promise<WorkerExit>;
  private exit: WorkerExit | null = null;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    private readonly dataDir: string,
    private readonly metricsPort?: number,
  ) {
    child.stdout?.on('data', (c: Buffer) => (this.stdout += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (this.stderr += c.toString('utf8')));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal };
        rmSync(this.dataDir, { recursive: true, force: true });
        resolve(this.exit);
      });
    });
  }

  static start(name: string, o: WorkerOptions): WorkerProcess {
    ensureWorkerBuilt();
    // Its link secret (and anything else it keeps) goes to a directory of its own.
    const dataDir = mkdtempSync(join(tmpdir(), 'ratify-worker-'));
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of [
      'SMTP_URL',
      'RATIFY_FAULT',
      'RATIFY_ROLE',
      'LINK_SECRET',
      'PORT',
      'METRICS_PORT',
      'SHUTDOWN_GRACE_MS',
    ])
      delete env[k];
    const child = spawn(process.execPath, [WORKER_MAIN], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...env,
        DATABASE_URL: o.databaseUrl,
        SEED_DEMO: 'false',
        DEV_MAILBOX: 'false',
        DATA_DIR: dataDir,
        WORKER_INTERVAL_MS: String(o.intervalMs ?? 50),
        RATIFY_CLOCK_FILE: o.clockFile.path,
        ...(o.smtpUrl ? { SMTP_URL: o.smtpUrl } : {}),
        ...(o.fault ? { RATIFY_FAULT: o.fault } : {}),
        ...(o.metricsPort ? { METRICS_PORT: String(o.metricsPort) } : {}),
        ...(o.shutdownGraceMs !== undefined
          ? { SHUTDOWN_GRACE_MS: String(o.shutdownGraceMs) }
          : {}),
        NO_COLOR: '1',
      },
    });
    return new WorkerProcess(name, child, dataDir, o.metricsPort);
  }

  /**
   * How many runs of the job (e.g. deadline-sweep) the process has completed, by its metrics
   * (ratify_worker_job_duration_seconds_count, whatever the outcome): a run counts once it ended.
   * Started with a metricsPort only.
   */
  async jobRuns(job: string): Promise<number> {
    return sumOf(await this.metrics(), 'ratify_worker_job_duration_seconds_count', job);
  }

  /** What the process's jobs carried out, e.g. jobItems('deadline-sweep', 'fired'). */
  async jobItems(job: string, item: string): Promise<number> {
    return sumOf(await this.metrics(), 'ratify_worker_items_total', job, item);
  }

  private async metrics(): Promise<string> {
    if (!this.metricsPort) throw new Error(`${this.name} was started without a metricsPort`);
    const res = await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`);
    return res.text();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** What the process printed, for failure messages. */
  output(): string {
    return `--- ${this.name} (pid ${this.child.pid}) stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`;
  }

  /** Resolves once the worker logged that it runs (its jobs are scheduled from then on). */
  async ready(timeoutMs = WORKER_WAIT_MS): Promise<void> {
    await this.waitForOutput(/worker running/, timeoutMs);
  }

  async waitForOutput(pattern: RegExp, timeoutMs = WORKER_WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.stdout + this.stderr)) {
      if (this.exit)
        throw new Error(
          `${this.name} exited (${JSON.stringify(this.exit)}) before printing ${pattern}\n${this.output()}`,
        );
      if (Date.now() > deadline)
        throw new Error(
          `${this.name} did not print ${pattern} within ${timeoutMs} ms\n${this.output()}`,
        );
      await sleep(25);
    }
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.exit === null) this.child.kill(signal);
  }

  async waitForExit(timeoutMs = WORKER_WAIT_MS): Promise<WorkerExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`${this.name} did not exit within ${timeoutMs} ms\n${this.output()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills the process (SIGKILL unless told) and waits until it is gone. */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<WorkerExit> {
    this.kill(signal);
    return this.waitForExit();
  }
}

/** The sum of a metric's samples whose labels are the job's (and the item's, when given). */
function sumOf(text: string, metric: string, job: string, item?: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const m = /^(\w+)\{([^}]*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== metric) continue;
    const labels = new Map([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (labels.get('job') === job && (item === undefined || labels.get('item') === item))
      sum += Number(m[3]);
  }
  return sum;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns true; the error names `what` and, when given, the workers' output. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  opts: { timeoutMs?: number; workers?: WorkerProcess[] } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? WORKER_WAIT_MS);
  while (!(await probe())) {
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting until ${what}\n${(opts.workers ?? []).map((w) => w.output()).join('\n')}`,
      );
    await sleep(50);
  }
}
