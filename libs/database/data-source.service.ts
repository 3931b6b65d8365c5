import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import {
  releaseMigrationLock,
  takeMigrationLock,
  type MigrationLockWait,
} from './migration-lock.service';
import { setIndexBuildWait } from './online-index.service';
import { DEFAULT_POOL, type DatabasePool } from '../config/database-pool.settings';
import { watchCommits } from '../core/after-commit';
import { ENTITIES, MIGRATIONS } from './schema.registry';
import { bindConnectionsToTenants, type UnboundPolicy } from './tenant-bound-connections.service';

/** A pool's settings, and the application_name its connections carry (a product process's). */
export type PoolOptions = Partial<DatabasePool> & { applicationName?: string };

/**
 * Options shared by the app, the CLI tools and the tests: the schema comes from migrations only.
 * `pool`: its size alone, or its settings; what is not given is DEFAULT_POOL's.
 */
export function dataSourceOptions(url: string, pool: number | PoolOptions = {}): DataSourceOptions {
  const { size, idleSeconds, waitSeconds, applicationName } = {
    ...DEFAULT_POOL,
    ...(typeof pool === 'number' ? { size: pool } : pool),
  };
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    // Each migration in its own transaction, but one that sets `transaction = false`: an index
    // built online on a large table (ADR 0044). TypeORM's default, 'all', refuses that flag.
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension is needed.
    uuidExtension: 'pgcrypto',
    logging: ['error'],
    applicationName,
    // pg-pool's idleTimeoutMillis: 0 keeps an unused connection until the pool ends. A NAT, load
    // balancer or firewall between here and PostgreSQL forgets a flow idle for its own time
    // (Azure's: 4 minutes by default), under the 5 minutes a connection is kept unused: the next
    // query on it would then be reset. A keepalive probe after a minute unused keeps the flow
    // known, and finds a peer that is gone (docs/adr/0049).
    extra: {
      max: size,
      idleTimeoutMillis: idleSeconds * 1000,
      // Without it pg-pool waits for a connection without end: a request hung while every one was
      // busy or PostgreSQL refused new ones. It fails instead, and the API answers 503 (ADR 0050).
      connectionTimeoutMillis: waitSeconds * 1000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 60_000,
    },
  };
}

export async function openDataSource(
  url: string,
  pool?: number | PoolOptions,
  unbound?: UnboundPolicy,
): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(url, pool));
  await ds.initialize();
  // What waits for a commit (a send's count in a caller's transaction) needs each one seen begun.
  watchCommits(ds);
  // Row-level security (ADR 0015): each connection bound to the council of the work in hand.
  await bindConnectionsToTenants(ds, unbound);
  return ds;
}

/**
 * Runs the pending migrations, each in its own transaction unless it says otherwise (ADR 0044),
 * one process at a time: every process migrates at start, and two started together (the API and
 * a worker) both found every migration pending, the second failing on a table the first was
 * making, or running after it what it had run. The lock is a session-level advisory lock held by
 * the session that migrates (migration-lock.service.ts): a process waiting for it says so in
 * `wait.log`, naming the holder, and gives up after `wait.waitSeconds`
 * (MIGRATION_LOCK_WAIT_SECONDS). An online index build that finds its index being built by
 * another session says so in the same log and gives up after `wait.indexBuildWaitSeconds`
 * (INDEX_BUILD_WAIT_SECONDS).
 */
export async function migrate(
  ds: DataSource,
  wait: MigrationLockWait & { indexBuildWaitSeconds?: number } = {},
): Promise<void> {
  const q = ds.createQueryRunner();
  try {
    setIndexBuildWait(q, { log: wait.log, waitSeconds: wait.indexBuildWaitSeconds });
    await takeMigrationLock(q, wait);
    const executor = new MigrationExecutor(ds, q);
    executor.transaction = 'each';
    const ran = await executor.executePendingMigrations().then(
      () => null,
      (e: unknown) => ({ e }),
    );
    // A migration's failure is what is reported, not an unlock that failed after it.
    const unlocked = releaseMigrationLock(q);
    if (ran) {
      await unlocked.catch(() => undefined);
      throw ran.e;
    }
    await unlocked;
  } finally {
    await q.release();
  }
}

/**
 * The names of the migrations this build has and the database has not run, oldest first (for
 * readiness): read only, and the connection it takes is given back whether the read ends or fails.
 */
export async function pendingMigrations(ds: DataSource): Promise<string[]> {
  const pending = await new MigrationExecutor(ds).getPendingMigrations();
  return pending.map((m) => m.name);
}
