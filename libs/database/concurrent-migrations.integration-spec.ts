import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from './data-source.service';
import { MIGRATIONS } from './schema.registry';

/*
 * Every process migrates at start (ADR 0044): the API and a worker started together on a fresh
 * database both find every migration pending. One migrates while the other waits, then finds
 * nothing left: neither fails on what the other made, no migration is run or recorded twice, and
 * the indexes built online are all valid.
 */
describe('two processes migrating one database at once', () => {
  const adminUrl = process.env.RATIFY_TEST_ADMIN_URL ?? '';
  const name = `ratify_c_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const opened: DataSource[] = [];
  const admin = async <T>(sql: string): Promise<T[]> => {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return (await c.query(sql)).rows as T[];
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    for (const ds of opened) if (ds.isInitialized) await ds.destroy();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('runs each migration once, the second process waiting for the first', async () => {
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    // As database-bootstrap.service.ts opens the owner's data source to migrate: two connections.
    const both = [0, 1].map(() => new DataSource(dataSourceOptions(u.toString(), 2)));
    for (const ds of both) {
      await ds.initialize();
      opened.push(ds);
    }
    const outcomes = await Promise.allSettled(both.map((ds) => migrate(ds)));
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : o.status))).toEqual([
      'fulfilled',
      'fulfilled',
    ]);
    const recorded = await both[0].query<{ name: string; times: number }[]>(
      'SELECT name, count(*)::int AS times FROM migrations GROUP BY name',
    );
    expect(recorded.filter((r) => r.times !== 1)).toEqual([]);
    expect(recorded.map((r) => r.name).sort()).toEqual(MIGRATIONS.map((m) => m.name).sort());
    const invalid = await both[0].query<{ relname: string }[]>(
      `SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE NOT (i.indisvalid AND i.indisready AND i.indislive)`,
    );
    expect(invalid).toEqual([]);
  });
});
