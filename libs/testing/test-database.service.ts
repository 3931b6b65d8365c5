import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { openDataSource } from '../database/data-source.service';
import { asRole } from '../database/database-roles.service';
import { unboundConnectionsFromEnv } from '../database/tenant-bound-connections.service';

export interface TestDatabase {
  /** As the runtime role, as the product's app and workers connect (README, Security). */
  ds: DataSource;
  /** The runtime role's URL: for worker processes and tools a test starts. */
  url: string;
  /** The owner's URL (the run's admin role, which ran the migrations). */
  ownerUrl: string;
  /** A DataSource as the owner, opened on first use: for tests of migrations and the schema. */
  owner(): Promise<DataSource>;
  /** Runs SQL as the superuser, e.g. to tamper with the audit table past its triggers. */
  superuser<T = unknown>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/**
 * A database of the test file's own, cloned from the migrated template in a moment; its pool
 * waits `waitSeconds` for a connection (DATABASE_POOL_WAIT_SECONDS; the product's default unless
 * given).
 */
export async function openTestDatabase(poolSize = 10, waitSeconds?: number): Promise<TestDatabase> {
  const adminUrl = process.env.RATIFY_TEST_ADMIN_URL;
  const template = process.env.RATIFY_TEST_TEMPLATE_DB;
  if (!adminUrl || !template)
    throw new Error('run tests with jest so that the global setup starts PostgreSQL');
  const name = `ratify_t_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const ownerUrl = u.toString();
  const runtimeUser = process.env.RATIFY_TEST_RUNTIME_USER;
  const runtimePassword = process.env.RATIFY_TEST_RUNTIME_PASSWORD;
  const url =
    runtimeUser && runtimePassword ? asRole(ownerUrl, runtimeUser, runtimePassword) : ownerUrl;
  // The app on it holds every request and worker run to the product's rule (ADR 0015); the
  // test's own reads and checks, outside the app, look across councils as an inspector would.
  const pool = waitSeconds === undefined ? { size: poolSize } : { size: poolSize, waitSeconds };
  const ds = await openDataSource(url, pool, {
    unbound: unboundConnectionsFromEnv(),
    outsideEveryScope: 'sweep',
  });
  let owner: DataSource | null = null;
  return {
    ds,
    url,
    ownerUrl,
    owner: async () => (owner ??= await openDataSource(ownerUrl, 2)),
    superuser: async <T>(sql: string, params: unknown[] = []) => {
      const c = new Client({ connectionString: ownerUrl });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    drop: async () => {
      await ds.destroy();
      if (owner) await owner.destroy();
      const a = new Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
