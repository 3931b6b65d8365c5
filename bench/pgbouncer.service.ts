import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

/*
 * What `npm run bench:pgbouncer` runs besides itself (pgbouncer.bench.ts): PgBouncer in
 * transaction mode in front of the bench's PostgreSQL, and the built server's API and worker
 * processes connected through it.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The pgbouncer program: PGBOUNCER, else Debian's, else the PATH's; null when there is none. */
export function pgbouncerBinary(): string | null {
  for (const p of [process.env.PGBOUNCER, '/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'])
    if (p && existsSync(p)) return p;
  const found = spawnSync('sh', ['-c', 'command -v pgbouncer'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

export interface PoolerStats {
  version: string;
  /** Server connections PgBouncer holds to PostgreSQL, and the most it may. */
  servers: number;
  poolSize: number;
  transactions: number;
  queries: number;
}

export interface Pgbouncer {
  /** The database through PgBouncer, as `user`. */
  url: string;
  stats(): Promise<PoolerStats>;
  log(): string;
  stop(): Promise<void>;
}

/**
 * PgBouncer in transaction mode on `port`, for one database and one login (SCRAM, its password in
 * the auth file), with `poolSize` server connections: fewer than the clients' pools, so that
 * every server connection is shared by the processes and the councils in turn.
 */
export async function startPgbouncer(opts: {
  binary: string;
  server: string;
  port: number;
  user: string;
  password: string;
  poolSize: number;
}): Promise<Pgbouncer> {
  const server = new URL(opts.server);
  const dir = mkdtempSync(join(os.tmpdir(), 'ratify-pgbouncer-'));
  chmodSync(dir, 0o777);
  const ini = join(dir, 'pgbouncer.ini');
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  writeFileSync(join(dir, 'userlist.txt'), `${quote(opts.user)} ${quote(opts.password)}\n`);
  writeFileSync(
    ini,
    [
      '[databases]',
      `ratify = host=${server.hostname} port=${server.port} dbname=${server.pathname.slice(1)}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${opts.port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      'pool_mode = transaction',
      `default_pool_size = ${opts.poolSize}`,
      'max_client_conn = 500',
      // Totals refreshed every second (the default is a minute), for the bench's counts.
      'stats_period = 1',
      `stats_users = ${opts.user}`,
      'ignore_startup_parameters = extra_float_digits,options',
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  for (const f of ['userlist.txt', 'pgbouncer.ini']) chmodSync(join(dir, f), 0o644);
  // PgBouncer will not run as root: as root, it is told to become nobody.
  const asRoot = process.getuid?.() === 0 ? ['-u', 'nobody'] : [];
  const child = spawn(opts.binary, [...asRoot, ini], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (c: Buffer) => (out = (out + c.toString('utf8')).slice(-20_000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const admin = async <T>(sql: string): Promise<T[]> => {
    const c = new Client({
      host: '127.0.0.1',
      port: opts.port,
      user: opts.user,
      password: opts.password,
      database: 'pgbouncer',
    });
    await c.connect();
    try {
      return (await c.query(sql)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const log = () => {
    const file = join(dir, 'pgbouncer.log');
    return `${out}${existsSync(file) ? readFileSync(file, 'utf8').slice(-20_000) : ''}`;
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited:\n${log()}`);
    if (
      await admin('SHOW VERSION').then(
        () => true,
        () => false,
      )
    )
      break;
    if (i > 200) throw new Error(`pgbouncer did not answer in 20 s:\n${log()}`);
    await sleep(100);
  }
  const url = new URL(`postgres://127.0.0.1:${opts.port}/ratify`);
  url.username = encodeURIComponent(opts.user);
  url.password = encodeURIComponent(opts.password);
  return {
    url: url.toString(),
    log,
    stats: async () => {
      const [version] = await admin<{ version: string }>('SHOW VERSION');
      const servers = await admin<{ database: string }>('SHOW SERVERS');
      const stats = await admin<{
        database: string;
        total_xact_count: string;
        total_query_count: string;
      }>('SHOW STATS');
      const mine = stats.find((s) => s.database === 'ratify');
      return {
        version: version.version,
        servers: servers.filter((s) => s.database === 'ratify').length,
        poolSize: opts.poolSize,
        transactions: Number(mine?.total_xact_count ?? NaN),
        queries: Number(mine?.total_query_count ?? NaN),
      };
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A process of the built server (`dist/apps/server/main.js`) in one role, on the bench's settings. */
export class ServerProcess {
  private out = '';
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;
  private readonly dataDir = mkdtempSync(join(os.tmpdir(), 'ratify-bench-pgb-'));

  constructor(
    readonly role: 'api' | 'worker',
    env: NodeJS.ProcessEnv,
    readonly port?: number,
  ) {
    const base: NodeJS.ProcessEnv = { ...process.env };
    for (const k of ['RATIFY_FAULT', 'RATIFY_CLOCK_FILE', 'PORT', 'LOG_LEVEL', 'METRICS_PORT'])
      delete base[k];
    // BENCH_SERVER_MAIN: another build's server (e.g. main before a change), run the same way.
    const main = process.env.BENCH_SERVER_MAIN ?? resolve(__dirname, '../apps/server/main.js');
    this.child = spawn(process.execPath, [resolve(main)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...base,
        ...env,
        RATIFY_ROLE: role,
        DATA_DIR: this.dataDir,
        SEED_DEMO: 'false',
        DEV_MAILBOX: 'false',
        // A worker says 'worker running' at info; an API process logs each request there.
        LOG_LEVEL: role === 'worker' ? 'info' : 'warn',
        NO_COLOR: '1',
        ...(port ? { PORT: String(port), PUBLIC_ORIGIN: `http://127.0.0.1:${port}` } : {}),
      },
    });
    const keep = (c: Buffer) => (this.out = (this.out + c.toString('utf8')).slice(-50_000));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((ok) => this.child.once('exit', () => ok()));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  output(): string {
    return this.out;
  }

  async ready(): Promise<void> {
    const deadline = Date.now() + 300_000;
    for (;;) {
      if (this.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`a ${this.role} process did not start:\n${this.out}`);
      const up = this.port
        ? await fetch(`http://127.0.0.1:${this.port}/health/live`).then(
            (r) => r.status === 200,
            () => false,
          )
        : /worker running/.test(this.out);
      if (up) return;
      await sleep(200);
    }
  }

  /** SIGTERM, the graceful shutdown a deployment uses; true when it exited 0. */
  async stop(): Promise<boolean> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    await this.exited;
    rmSync(this.dataDir, { recursive: true, force: true });
    return this.child.exitCode === 0;
  }
}
