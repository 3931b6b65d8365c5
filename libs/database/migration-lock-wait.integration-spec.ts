import { Client } from 'pg';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.service';
import { waitUntil } from '../testing/worker-process.service';
import { migrate } from './data-source.service';

/*
 * A process that finds another holding the migration lock (ADR 0044) says so in its log, naming
 * the holder as PostgreSQL lists it, and gives up after its limit with what to check: the holder
 * may be another process migrating, or a lock left on a PgBouncer server connection.
 */
describe('waiting for the migration lock', () => {
  let db: TestDatabase;
  let holder: Client;
  let holderPid: number;

  beforeAll(async () => {
    db = await openTestDatabase(2);
  });
  afterAll(async () => {
    await db.drop();
  });
  beforeEach(async () => {
    holder = new Client({ connectionString: db.ownerUrl, application_name: 'lock holder spec' });
    await holder.connect();
    holderPid = (await holder.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
    await holder.query(`SELECT pg_advisory_lock(hashtext('ratify: migrations'))`);
  });
  afterEach(async () => {
    await holder.end();
  });

  it('says who holds the lock while it waits, then migrates once the holder lets go', async () => {
    const lines: string[] = [];
    const migrating = migrate(await db.owner(), {
      log: (l) => lines.push(l),
      firstNoticeMs: 0,
      noticeEveryMs: 60_000,
    });
    await waitUntil('the wait is logged', async () => lines.length > 0);
    expect(lines[0]).toContain('waiting for the migration lock');
    expect(lines[0]).toContain(`PostgreSQL server process ${holderPid}`);
    expect(lines[0]).toContain('"lock holder spec"');
    expect(lines[0]).toMatch(/idle since \d{4}-\d\d-\d\dT/);
    expect(lines[0]).toContain('PgBouncer');
    await holder.query(`SELECT pg_advisory_unlock(hashtext('ratify: migrations'))`);
    await expect(migrating).resolves.toBeUndefined();
    // Said once at first, not every quarter second.
    expect(lines).toHaveLength(1);
  });

  it('fails after its limit, naming the holder and what to check', async () => {
    const failed = migrate(await db.owner(), { waitSeconds: 1 });
    await expect(failed).rejects.toThrow(
      new RegExp(
        `not free after 1 s, held by PostgreSQL server process ${holderPid} \\("lock holder spec"`,
      ),
    );
    await expect(failed).rejects.toThrow(/MIGRATION_DATABASE_URL/);
    await expect(failed).rejects.toThrow(/another process of this release is migrating/);
    // The waiting process took nothing: the holder still holds it.
    const held = await holder.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = $1 AND granted`,
      [holderPid],
    );
    expect(held.rows[0].n).toBe(1);
  });
});
