import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { openDataSource } from '../database/data-source.service';

export interface TestDatabase {
  ds: DataSource;
  url: string;
  /** Runs SQL as the superuser, e.g. to tamper with the audit table past its triggers. */
  superuser<T = unknown>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

/** A database of the test file's own, cloned from the migrated template in a moment. */
export async function openTestDatabase(poolSize = 10): Promise<TestDatabase> {
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
  const url = u.toString();
  const ds = await openDataSource(url, poolSize);
  return {
    ds,
    url,
    superuser: async <T>(sql: string, params: unknown[] = []) => {
      const c = new Client({ connectionString: url });
      await c.connect();
      try {
        return (await c.query(sql, params)).rows as T[];
      } finally {
        await c.end();
      }
    },
    drop: async () => {
      await ds.destroy();
      const a = new Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
