import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.service';
import { waitUntil } from '../testing/worker-process.service';
import { openDataSource } from './data-source.service';
import { asRole } from './database-roles.service';
import { randomPassword } from './embedded-postgres.service';
import { buildIndexOnline, setIndexBuildWait } from './online-index.service';

/*
 * A migration's online build (ADR 0044) that finds its index being built by another session (by
 * hand, or left running by a process that was killed) waits for that build and keeps what it
 * makes, rather than dropping it as a failed one; it says how far that build has got, and gives up
 * after INDEX_BUILD_WAIT_SECONDS. Each other build is held in its first wait by a writer whose
 * transaction the test keeps open, so that what the migration does meanwhile is seen for certain.
 */
describe('an online index build meeting a build of its index by another session', () => {
  let db: TestDatabase;
  let owner: DataSource;
  const clients: Client[] = [];
  beforeAll(async () => {
    db = await openTestDatabase(2);
    owner = await db.owner();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => undefined);
  });
  afterAll(async () => {
    await db.drop();
  });

  async function connect(url = db.ownerUrl): Promise<Client> {
    const c = new Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    return c;
  }

  /** A table of the test's own, and a writer's transaction on it left open (the holder). */
  async function tableHeldOpen(table: string): Promise<Client> {
    await db.superuser(
      `CREATE TABLE ${table} (n integer); INSERT INTO ${table} SELECT generate_series(1, 1000)`,
    );
    const holder = await connect();
    await holder.query(`BEGIN; INSERT INTO ${table} VALUES (0)`);
    return holder;
  }

  const indexOf = async (name: string) =>
    (
      await db.superuser<{ oid: string; valid: boolean }>(
        `SELECT c.oid::text AS oid, i.indisvalid AS valid
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1`,
        [name],
      )
    )[0];

  const pidOf = async (c: Client) =>
    (await c.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;

  /** Our build through `ds`, its log lines kept in `lines`; settled says when it has ended. */
  function ours(ds: DataSource, index: { name: string; table: string; on: string }, wait = {}) {
    const lines: string[] = [];
    const state = { settled: false };
    const q: QueryRunner = ds.createQueryRunner();
    setIndexBuildWait(q, {
      log: (l) => lines.push(l),
      firstNoticeMs: 0,
      noticeEveryMs: 0,
      pollMs: 50,
      ...wait,
    });
    const done = buildIndexOnline(q, index).finally(async () => {
      state.settled = true;
      await q.release();
    });
    done.catch(() => undefined);
    return { done, lines, state };
  }

  const said = (lines: string[], text: string) => lines.some((l) => l.includes(text));

  it('sees a build written in lower case after a comment by the index it builds, and keeps it', async () => {
    const holder = await tableHeldOpen('oi_comment');
    const other = await connect();
    const pid = await pidOf(other);
    const theirs = other.query(
      `/* built by hand */ create   index
         concurrently "IDX_oi_comment" on oi_comment (n)`,
    );
    await waitUntil('their build has made its index', async () =>
      Boolean(await indexOf('IDX_oi_comment')),
    );
    const building = await indexOf('IDX_oi_comment');

    const build = ours(owner, { name: 'IDX_oi_comment', table: 'oi_comment', on: '("n")' });
    const expected = `is being built by another session: waiting for writers before build (PostgreSQL server process ${pid}: CREATE INDEX CONCURRENTLY of index IDX_oi_comment)`;
    await waitUntil('our build says it waits for theirs', async () => said(build.lines, expected));
    expect(build.lines[0]).toMatch(
      /^waiting for index IDX_oi_comment on oi_comment \(\d+ s so far, giving up after 21600 s\): it /,
    );
    await holder.query('COMMIT');
    await theirs;
    await build.done;

    expect(await indexOf('IDX_oi_comment')).toEqual({ ...building, valid: true });
  });

  it('sees a REINDEX CONCURRENTLY of an INVALID index by hand, and keeps what it builds', async () => {
    await db.superuser(
      `CREATE TABLE oi_reindex (n integer);
       CREATE INDEX "IDX_oi_reindex" ON oi_reindex (n);
       UPDATE pg_index SET indisvalid = false WHERE indexrelid = '"IDX_oi_reindex"'::regclass`,
    );
    const holder = await connect();
    await holder.query('BEGIN; INSERT INTO oi_reindex VALUES (0)');
    const other = await connect();
    const pid = await pidOf(other);
    const theirs = other.query('-- by hand\nREINDEX INDEX CONCURRENTLY "IDX_oi_reindex"');
    await waitUntil('their build has made its new index', async () =>
      Boolean(await indexOf('IDX_oi_reindex_ccnew')),
    );
    const rebuilt = await indexOf('IDX_oi_reindex_ccnew');

    const build = ours(owner, { name: 'IDX_oi_reindex', table: 'oi_reindex', on: '("n")' });
    await waitUntil('our build says it waits for theirs', async () =>
      said(
        build.lines,
        `(PostgreSQL server process ${pid}: REINDEX CONCURRENTLY of index IDX_oi_reindex`,
      ),
    );
    await holder.query('COMMIT');
    await theirs;
    await build.done;

    // REINDEX CONCURRENTLY gives its new index the old one's name: that one, not a build of ours.
    expect(await indexOf('IDX_oi_reindex')).toEqual({ oid: rebuilt.oid, valid: true });
  });

  it('keeps a build this login may not see, whose lock its drop cannot have at once', async () => {
    const tag = randomBytes(4).toString('hex');
    const [group, migrator, byHand] = [`oi_own_${tag}`, `oi_mig_${tag}`, `oi_hand_${tag}`];
    const password = randomPassword();
    await db.superuser(
      `CREATE ROLE ${group} NOLOGIN;
       CREATE ROLE ${migrator} LOGIN PASSWORD '${password}' IN ROLE ${group};
       CREATE ROLE ${byHand} LOGIN PASSWORD '${password}' IN ROLE ${group};
       GRANT USAGE, CREATE ON SCHEMA public TO ${group};
       CREATE TABLE oi_hidden (n integer);
       ALTER TABLE oi_hidden OWNER TO ${group}`,
    );
    const ds = await openDataSource(asRole(db.ownerUrl, migrator, password), 2);
    try {
      const holder = await connect();
      await holder.query('BEGIN; INSERT INTO oi_hidden VALUES (0)');
      const other = await connect(asRole(db.ownerUrl, byHand, password));
      const pid = await pidOf(other);
      const theirs = other.query('CREATE INDEX CONCURRENTLY "IDX_oi_hidden" ON oi_hidden (n)');
      await waitUntil('their build has made its index', async () =>
        Boolean(await indexOf('IDX_oi_hidden')),
      );
      const building = await indexOf('IDX_oi_hidden');
      // What the migration login reads of that build: neither its index nor its statement.
      expect(
        await ds.query(
          `SELECT p.index_relid, a.query FROM pg_stat_progress_create_index p
             JOIN pg_stat_activity a USING (pid) WHERE p.pid = $1`,
          [pid],
        ),
      ).toEqual([{ index_relid: null, query: '<insufficient privilege>' }]);

      const build = ours(ds, { name: 'IDX_oi_hidden', table: 'oi_hidden', on: '("n")' });
      await waitUntil('our build says its drop waits for their lock', async () =>
        said(
          build.lines,
          `is INVALID and its drop waits for a lock on its table held by PostgreSQL server process ${pid} (ShareUpdateExclusiveLock)`,
        ),
      );
      await holder.query('COMMIT');
      await theirs;
      await build.done;

      expect(await indexOf('IDX_oi_hidden')).toEqual({ ...building, valid: true });
    } finally {
      await ds.destroy();
      await db.superuser(
        `DROP TABLE oi_hidden; DROP OWNED BY ${group}, ${migrator}, ${byHand};
         DROP ROLE ${migrator}; DROP ROLE ${byHand}; DROP ROLE ${group}`,
      );
    }
  });

  it('waits while a transaction still open records an INVALID index as valid, as a build’s last step does', async () => {
    await db.superuser(
      `CREATE TABLE oi_last (n integer);
       CREATE INDEX "IDX_oi_last" ON oi_last (n);
       UPDATE pg_index SET indisvalid = false WHERE indexrelid = '"IDX_oi_last"'::regclass`,
    );
    const before = await indexOf('IDX_oi_last');
    const recorder = await connect();
    const pid = await pidOf(recorder);
    await recorder.query(
      `BEGIN; UPDATE pg_index SET indisvalid = true WHERE indexrelid = '"IDX_oi_last"'::regclass`,
    );

    const build = ours(owner, { name: 'IDX_oi_last', table: 'oi_last', on: '("n")' });
    await waitUntil('our build says it waits for that transaction', async () =>
      said(
        build.lines,
        `is being built by another session: recording the index as built (PostgreSQL server process ${pid})`,
      ),
    );
    await recorder.query('COMMIT');
    await build.done;

    expect(await indexOf('IDX_oi_last')).toEqual({ ...before, valid: true });
  });

  it('gives up after its bound, naming the index and what to do, and leaves the other build alone', async () => {
    const holder = await tableHeldOpen('oi_bound');
    const other = await connect();
    const pid = await pidOf(other);
    const theirs = other.query('CREATE INDEX CONCURRENTLY "IDX_oi_bound" ON oi_bound (n)');
    await waitUntil('their build has made its index', async () =>
      Boolean(await indexOf('IDX_oi_bound')),
    );
    const building = await indexOf('IDX_oi_bound');

    const build = ours(
      owner,
      { name: 'IDX_oi_bound', table: 'oi_bound', on: '("n")' },
      { waitSeconds: 1 },
    );
    await waitUntil('our build has given up', async () => build.state.settled);

    await expect(build.done).rejects.toThrow(
      `migration stopped: index IDX_oi_bound on oi_bound is being built by another session: waiting for writers before build (PostgreSQL server process ${pid}: CREATE INDEX CONCURRENTLY of index IDX_oi_bound)`,
    );
    await expect(build.done).rejects.toThrow(/INDEX_BUILD_WAIT_SECONDS is 1\)/);
    await expect(build.done).rejects.toThrow(`SELECT pg_cancel_backend(${pid})`);
    expect(await indexOf('IDX_oi_bound')).toEqual(building);
    await holder.query('COMMIT');
    await theirs;
    expect(await indexOf('IDX_oi_bound')).toEqual({ ...building, valid: true });
  });
});
