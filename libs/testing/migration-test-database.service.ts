import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../database/data-source.service';
import { MIGRATIONS } from '../database/schema.registry';

/**
 * An empty database of the test's own, migrated a step at a time as the owner: a data migration's
 * test migrates it to just before the migration, inserts rows as they stood then, and migrates on.
 */
export interface MigrationTestDatabase {
  /** Migrated up to just before the migration `name` (its class's name), or through every one (null). */
  migrateUpTo(name: string | null): Promise<DataSource>;
  /**
   * The shape of every data migration's test: migrated to just before `name`, `given` inserting
   * the rows of that day (what it returns is handed back), then migrated on through every
   * migration; the data source after them all, closed by drop().
   */
  across<T>(
    name: string,
    given: (before: DataSource) => Promise<T>,
  ): Promise<{ after: DataSource; given: T }>;
  /** Closes every data source it opened and drops the database. */
  drop(): Promise<void>;
}

export async function openMigrationTestDatabase(): Promise<MigrationTestDatabase> {
  const adminUrl = process.env.RATIFY_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('run tests with jest so that the global setup starts PostgreSQL');
  const name = `ratify_m_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const opened: DataSource[] = [];

  const migrateUpTo = async (last: string | null): Promise<DataSource> => {
    const upTo = last === null ? MIGRATIONS.length : MIGRATIONS.findIndex((m) => m.name === last);
    if (upTo < 0) throw new Error(`no migration ${last} in schema.registry.ts`);
    const ds = new DataSource({
      ...dataSourceOptions(url, 2),
      migrations: MIGRATIONS.slice(0, upTo),
    });
    await ds.initialize();
    opened.push(ds);
    await ds.runMigrations({ transaction: 'each' });
    return ds;
  };

  return {
    migrateUpTo,
    across: async (migration, given) => {
      const before = await migrateUpTo(migration);
      const result = await given(before);
      await before.destroy();
      return { after: await migrateUpTo(null), given: result };
    },
    drop: async () => {
      for (const ds of opened) if (ds.isInitialized) await ds.destroy();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
