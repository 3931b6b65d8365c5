import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  openMigrationTestDatabase,
  type MigrationTestDatabase,
} from '../testing/migration-test-database.service';
import { openTestDatabase } from '../testing/test-database.service';
import { waitUntil } from '../testing/worker-process.service';
import { dataSourceOptions, migrate } from './data-source.service';

/*
 * An index migration on a large table builds online (ADR 0044): while it builds, cases take
 * events. The build is held in a phase it cannot leave on its own (waiting for a writer that was
 * there before it, whose transaction the test keeps open), so that what happens during the build
 * is seen for certain rather than raced against a table's size.
 */
const MIGRATION = 'IndexCasesByCreation1796433000000';
const INDEX = 'IDX_cases_tenant_created';

function urlOf(ds: DataSource): string {
  return (ds.options as { url: string }).url;
}

async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

async function pidOf(c: Client): Promise<number> {
  return (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
}

async function newCouncil(c: Client): Promise<string> {
  const slug = `c${Math.random().toString(36).slice(2, 10)}`;
  return (
    await c.query(
      `INSERT INTO tenants (slug, name) VALUES ($1, 'A council') RETURNING tenant_id AS id`,
      [slug],
    )
  ).rows[0].id as string;
}

/** A case row as the engine writes one (what matters here: an INSERT on cases). */
async function insertCase(c: Client, tenant: string, reference: string): Promise<void> {
  await c.query(
    `INSERT INTO cases (tenant_id, reference, title, template_id, template_version, version, snapshot,
       state_key, summary, roles, dates, created_by, created_at, updated_at)
     VALUES ($1, $2, 'A case', 'bcf-delegated-sign-off', 1, 1, '{}', 'drafting', 'Drafting', '{}', '{}',
       gen_random_uuid(), now(), now())`,
    [tenant, reference],
  );
}

/** What to watch while an index builds, as docs/operations.md (Upgrades) gives it. */
const WATCH = `SELECT p.pid, i.relname AS index, p.phase, p.blocks_done, p.blocks_total,
       p.tuples_done, p.tuples_total, now() - a.query_start AS running
  FROM pg_stat_progress_create_index p
  JOIN pg_class i ON i.oid = p.index_relid JOIN pg_stat_activity a USING (pid)
 WHERE p.datname = current_database();`;

/** The build of `index` under way in this database, as that query shows it. */
async function buildOf(watcher: Client, index: string): Promise<{ pid: number; phase: string }> {
  const rows = (await watcher.query(WATCH)).rows as { pid: number; index: string; phase: string }[];
  const build = rows.find((r) => r.index === index);
  return build ? { pid: build.pid, phase: build.phase } : { pid: 0, phase: 'none' };
}

/** The connection running a CREATE INDEX in this database, once it waits for a lock; else 0. */
async function waitingBuild(watcher: Client): Promise<number> {
  const rows = (
    await watcher.query(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND query ILIKE 'CREATE INDEX%' AND wait_event_type = 'Lock'`,
    )
  ).rows as { pid: number }[];
  return rows[0]?.pid ?? 0;
}

async function waitsOnALock(watcher: Client, pid: number): Promise<boolean> {
  const rows = (
    await watcher.query(`SELECT wait_event_type, wait_event FROM pg_stat_activity WHERE pid = $1`, [
      pid,
    ])
  ).rows as { wait_event_type: string | null; wait_event: string | null }[];
  // A lock held by another transaction; not the moment's wait to extend the table's file.
  return rows[0]?.wait_event_type === 'Lock' && rows[0]?.wait_event !== 'extend';
}

/**
 * Inserts a case from `writer` and reports how it went: 'done' once the INSERT has returned, or
 * 'blocked' as soon as PostgreSQL shows it waiting for a lock (it is then left to finish later).
 */
async function tryInsert(
  writer: Client,
  watcher: Client,
  tenant: string,
  reference: string,
): Promise<{ outcome: 'done' | 'blocked'; finished: Promise<void> }> {
  const pid = await pidOf(writer);
  let done = false;
  const finished = insertCase(writer, tenant, reference).then(() => {
    done = true;
  });
  let blocked = false;
  await waitUntil('the insert has returned or waits for a lock', async () => {
    blocked = !done && (await waitsOnALock(watcher, pid));
    return done || blocked;
  });
  return { outcome: done ? 'done' : 'blocked', finished };
}

async function indexState(c: Client, index: string): Promise<{ valid: boolean }[]> {
  return (
    await c.query(
      `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.relname = $1`,
      [index],
    )
  ).rows as { valid: boolean }[];
}

async function recorded(c: Client, migration: string): Promise<boolean> {
  return (await c.query('SELECT 1 FROM migrations WHERE name = $1', [migration])).rowCount === 1;
}

describe('an index migration on a large table (ADR 0044)', () => {
  const clients: Client[] = [];
  const dbs: MigrationTestDatabase[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => undefined);
    for (const db of dbs.splice(0)) await db.drop();
  });

  /** A database migrated to just before the migration, a council in it, and four connections. */
  async function justBefore() {
    const db = await openMigrationTestDatabase();
    dbs.push(db);
    const url = urlOf(await db.migrateUpTo(MIGRATION));
    const [holder, writer, watcher] = [await connect(url), await connect(url), await connect(url)];
    clients.push(holder, writer, watcher);
    const tenant = await newCouncil(watcher);
    // A writer that was there before the build: its transaction stays open until the test ends it.
    await holder.query('BEGIN');
    await insertCase(holder, tenant, 'BEFORE-1');
    return { db, url, holder, writer, watcher, tenant };
  }

  it('builds its index while another connection inserts cases, holding no lock a write waits for', async () => {
    const { db, holder, writer, watcher, tenant } = await justBefore();
    const migrating = db.migrateUpTo(null);
    migrating.catch(() => undefined);
    await waitUntil(
      'the build waits for the writer that was there before it',
      async () => (await waitingBuild(watcher)) > 0,
    );
    const builder = await waitingBuild(watcher);
    const locks = await watcher.query(
      `SELECT mode, granted FROM pg_locks WHERE pid = $1 AND relation = 'cases'::regclass`,
      [builder],
    );
    expect(locks.rows).toEqual([{ mode: 'ShareUpdateExclusiveLock', granted: true }]);

    const insert = await tryInsert(writer, watcher, tenant, 'DURING-1');

    expect(insert.outcome).toBe('done');
    expect(await buildOf(watcher, INDEX)).toEqual({
      pid: builder,
      phase: 'waiting for writers before build',
    });
    await holder.query('COMMIT');
    await migrating;
    expect(await indexState(watcher, INDEX)).toEqual([{ valid: true }]);
    expect(await recorded(watcher, MIGRATION)).toBe(true);
    const { rows } = await watcher.query(
      `SELECT reference FROM cases WHERE tenant_id = $1 ORDER BY reference`,
      [tenant],
    );
    expect(rows).toEqual([{ reference: 'BEFORE-1' }, { reference: 'DURING-1' }]);
  });

  it('is not a plain CREATE INDEX, which would have held that insert until it was built', async () => {
    const db = await openTestDatabase(2);
    try {
      const [holder, builder, writer, watcher] = await Promise.all(
        [1, 2, 3, 4].map(() => connect(db.ownerUrl)),
      );
      clients.push(holder, builder, writer, watcher);
      const tenant = await newCouncil(watcher);
      await holder.query('BEGIN');
      await insertCase(holder, tenant, 'BEFORE-1');
      const builderPid = await pidOf(builder);
      const building = builder.query(
        `CREATE INDEX "IDX_plain_probe" ON "cases" ("tenant_id", "created_at", "id")`,
      );
      await waitUntil('the plain build waits for the writer before it', () =>
        waitsOnALock(watcher, builderPid),
      );

      const insert = await tryInsert(writer, watcher, tenant, 'DURING-1');

      expect(insert.outcome).toBe('blocked');
      await holder.query('COMMIT');
      await building;
      await insert.finished;
    } finally {
      for (const c of clients.splice(0)) await c.end();
      await db.drop();
    }
  });

  it('rebuilds an index that a failed build left INVALID, rather than taking its name for done', async () => {
    const { db, holder, watcher } = await justBefore();
    const failing = db.migrateUpTo(null);
    await waitUntil('the build is under way', async () => (await waitingBuild(watcher)) > 0);
    await watcher.query('SELECT pg_cancel_backend($1)', [await waitingBuild(watcher)]);
    await expect(failing).rejects.toThrow(/cancel/i);
    await holder.query('COMMIT');
    expect(await indexState(watcher, INDEX)).toEqual([{ valid: false }]);
    expect(await recorded(watcher, MIGRATION)).toBe(false);
    // As docs/operations.md (Upgrades) lists them.
    const invalid = await watcher.query(
      'SELECT indexrelid::regclass::text AS index FROM pg_index WHERE NOT indisvalid',
    );
    expect(invalid.rows).toEqual([{ index: `"${INDEX}"` }]);

    await db.migrateUpTo(null);

    expect(await indexState(watcher, INDEX)).toEqual([{ valid: true }]);
    expect(await recorded(watcher, MIGRATION)).toBe(true);
    const { rows } = await watcher.query(`SELECT indexdef FROM pg_indexes WHERE indexname = $1`, [
      INDEX,
    ]);
    expect(rows).toEqual([
      {
        indexdef: `CREATE INDEX "${INDEX}" ON public.cases USING btree (tenant_id, created_at, id)`,
      },
    ]);
  });

  it('stops after INDEX_BUILD_WAIT_SECONDS while its index is built by hand, then keeps that build', async () => {
    const { url, holder, watcher } = await justBefore();
    const byHand = await connect(url);
    clients.push(byHand);
    const pid = await pidOf(byHand);
    const theirs = byHand.query(
      `-- the pre-upgrade step, by hand\ncreate index concurrently "${INDEX}" on cases (tenant_id, created_at, id)`,
    );
    await waitUntil(
      'the build by hand has made its index',
      async () => (await indexState(watcher, INDEX)).length === 1,
    );
    const ds = new DataSource(dataSourceOptions(url, 2));
    await ds.initialize();
    const lines: string[] = [];
    try {
      await expect(
        migrate(ds, { log: (l) => lines.push(l), indexBuildWaitSeconds: 1 }),
      ).rejects.toThrow(
        `migration stopped: index ${INDEX} on cases is being built by another session: waiting for writers before build (PostgreSQL server process ${pid}: CREATE INDEX CONCURRENTLY of index ${INDEX})`,
      );
      expect(await recorded(watcher, MIGRATION)).toBe(false);
      await holder.query('COMMIT');
      await theirs;
      const { rows: before } = await watcher.query(`SELECT $1::regclass::oid::text AS oid`, [
        `"${INDEX}"`,
      ]);

      await migrate(ds, { log: (l) => lines.push(l) });

      expect(await recorded(watcher, MIGRATION)).toBe(true);
      expect(await indexState(watcher, INDEX)).toEqual([{ valid: true }]);
      const { rows: after } = await watcher.query(`SELECT $1::regclass::oid::text AS oid`, [
        `"${INDEX}"`,
      ]);
      expect(after).toEqual(before);
    } finally {
      await ds.destroy();
    }
  });
});
