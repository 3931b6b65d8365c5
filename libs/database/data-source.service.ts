import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './schema.registry';
import { bindConnectionsToTenants, type UnboundPolicy } from './tenant-bound-connections.service';

/** Options shared by the app, the CLI tools and the tests: the schema comes from migrations only. */
export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
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
    extra: { max: poolSize },
  };
}

export async function openDataSource(
  url: string,
  poolSize?: number,
  unbound?: UnboundPolicy,
): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(url, poolSize));
  await ds.initialize();
  // Row-level security (ADR 0015): each connection bound to the council of the work in hand.
  await bindConnectionsToTenants(ds, unbound);
  return ds;
}

/** The session-level advisory lock a migrating process holds (pg_try_advisory_lock's key). */
const MIGRATION_LOCK = "hashtext('ratify: migrations')";

/**
 * Runs the pending migrations, each in its own transaction unless it says otherwise (ADR 0044),
 * one process at a time: every process migrates at start, and two started together (the API and
 * a worker) both found every migration pending, the second failing on a table the first was
 * making, or running after it what it had run. The lock is held by the session that migrates and
 * asked for every quarter second rather than waited for inside a statement: a process waiting
 * in a statement holds a snapshot, which a CREATE INDEX CONCURRENTLY in the first would wait
 * for (a deadlock).
 */
export async function migrate(ds: DataSource): Promise<void> {
  const q = ds.createQueryRunner();
  try {
    for (;;) {
      const [{ locked }]: { locked: boolean }[] = await q.query(
        `SELECT pg_try_advisory_lock(${MIGRATION_LOCK}) AS locked`,
      );
      if (locked) break;
      await sleep(250);
    }
    const executor = new MigrationExecutor(ds, q);
    executor.transaction = 'each';
    const ran = await executor.executePendingMigrations().then(
      () => null,
      (e: unknown) => ({ e }),
    );
    // A migration's failure is what is reported, not an unlock that failed after it.
    const unlocked = q.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
    if (ran) {
      await unlocked.catch(() => undefined);
      throw ran.e;
    }
    await unlocked;
  } finally {
    await q.release();
  }
}
