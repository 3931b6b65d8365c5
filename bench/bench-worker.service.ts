import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';

/*
 * The worker processes the workers bench starts (workers.bench.ts): each as `npm run start:worker`
 * runs it, on the bench's database and SMTP server, with the CPU it has used readable from /proc.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A worker process as `npm run start:worker` runs it, on the bench's database and SMTP server. */
export class Worker {
  private out = '';
  private readonly exited: Promise<void>;
  private readonly child: ChildProcess;
  private readonly dataDir = mkdtempSync(join(os.tmpdir(), 'ratify-bench-worker-'));

  constructor(databaseUrl: string, smtpUrl: string, main: string) {
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ['RATIFY_FAULT', 'RATIFY_ROLE', 'RATIFY_CLOCK_FILE', 'PORT', 'LOG_LEVEL'])
      delete env[k];
    this.child = spawn(process.execPath, [main], {
      cwd: resolve(main, '../../../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...env,
        DATABASE_URL: databaseUrl,
        SMTP_URL: smtpUrl,
        SEED_DEMO: 'false',
        DEV_MAILBOX: 'false',
        DATA_DIR: this.dataDir,
        LINK_SECRET: 'bench-link-secret-bench-link-secret-0123456789',
        NO_COLOR: '1',
      },
    });
    const keep = (c: Buffer) => (this.out = (this.out + c.toString('utf8')).slice(-20_000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((ok) => this.child.once('exit', () => ok()));
  }

  async ready(): Promise<void> {
    const deadline = Date.now() + 300_000;
    while (!/worker running/.test(this.out)) {
      if (this.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`a worker did not start:\n${this.out}`);
      await sleep(50);
    }
  }

  /** The CPU (user + system) the process has used so far, in ms, from /proc; NaN once gone. */
  cpuMs(): number {
    try {
      const t = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
      return (Number(f[11]) + Number(f[12])) * 10; // USER_HZ is 100 on Linux
    } catch {
      return NaN;
    }
  }

  /** SIGTERM: the graceful shutdown a deployment uses. */
  async stop(): Promise<void> {
    this.child.kill('SIGTERM');
    await this.exited;
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export async function withWorkers<T>(
  n: number,
  smtpUrl: string,
  dbUrl: string,
  run: (workers: Worker[]) => Promise<T>,
  main: string,
) {
  const workers = Array.from({ length: n }, () => new Worker(dbUrl, smtpUrl, main));
  try {
    await Promise.all(workers.map((w) => w.ready()));
    return await run(workers);
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}
