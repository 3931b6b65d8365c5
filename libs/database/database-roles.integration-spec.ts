import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { RUNTIME_GROUP, runtimeRoleWarnings } from './database-roles.service';

/*
 * The app and the workers connect as a role that owns nothing (issue #20, item 1): whatever SQL it
 * is made to run, it cannot switch off or drop the audit table's triggers, nor rewrite the record.
 * The tests' own connection (db.ds) is such a role, as the product's is.
 */
describe('the runtime role', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(2);
  });
  afterAll(async () => {
    await db.drop();
  });

  /** The message PostgreSQL refuses `sql` with, as the runtime role. */
  async function refusal(sql: string): Promise<string> {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await db.ds.query(sql);
      return 'allowed';
    } catch (e) {
      return (e as Error).message;
    } finally {
      log.mockRestore();
    }
  }

  it('is no superuser, owns nothing and acts through ratify_runtime', async () => {
    const [me]: { name: string; superuser: boolean; owner: string }[] = await db.ds.query(
      `SELECT current_user AS name, r.rolsuper AS superuser,
              (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.relname = 'audit_records') AS owner
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(me.superuser).toBe(false);
    expect(me.owner).not.toBe(me.name);
    const owned: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user`,
    );
    expect(owned[0].n).toBe(0);
    expect(await runtimeRoleWarnings(db.ds)).toEqual([]);
    // And the owner's connection is the one a warning is logged for.
    expect((await runtimeRoleWarnings(await db.owner())).join()).toMatch(/superuser|owns/);
  });

  it('cannot alter the audit table, switch off or drop its triggers, nor rewrite, remove or empty its records', async () => {
    // A record of no case (past the keys that bind it to its case, as a restore would).
    await db.superuser(
      `SET session_replication_role = 'replica';
       INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, to_state, prev_hash, hash)
       VALUES (gen_random_uuid(), gen_random_uuid(), 1, now(), '{}', '{}', '{}', 'drafting', 'x', 'y')`,
    );
    const refused = {
      'ALTER TABLE': await refusal('ALTER TABLE audit_records ADD COLUMN note text'),
      'DISABLE TRIGGER': await refusal('ALTER TABLE audit_records DISABLE TRIGGER USER'),
      'DROP TRIGGER': await refusal('DROP TRIGGER audit_records_no_update_delete ON audit_records'),
      'DROP FUNCTION': await refusal('DROP FUNCTION audit_records_refuse_change() CASCADE'),
      UPDATE: await refusal(`UPDATE audit_records SET to_state = 'closed'`),
      DELETE: await refusal('DELETE FROM audit_records'),
      TRUNCATE: await refusal('TRUNCATE audit_records'),
      'replica role': await refusal('SET session_replication_role = replica'),
      'new table': await refusal('CREATE TABLE public.shadow_audit (id int)'),
    };
    expect(refused).toEqual({
      'ALTER TABLE': 'must be owner of table audit_records',
      'DISABLE TRIGGER': 'must be owner of table audit_records',
      'DROP TRIGGER': 'must be owner of relation audit_records',
      'DROP FUNCTION': 'must be owner of function audit_records_refuse_change',
      UPDATE: 'permission denied for table audit_records',
      DELETE: 'permission denied for table audit_records',
      TRUNCATE: 'permission denied for table audit_records',
      'replica role': 'permission denied to set parameter "session_replication_role"',
      'new table': 'permission denied for schema public',
    });
    const [{ n }]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM audit_records',
    );
    expect(n).toBe(1);
  });

  it('may read and write the tables it uses, and only read and add to the append-only records', async () => {
    const rows: { table: string; privileges: string }[] = await db.superuser(
      `SELECT c.relname AS table,
              concat_ws(',', ${[
                'SELECT',
                'INSERT',
                'UPDATE',
                'DELETE',
                'TRUNCATE',
                'REFERENCES',
                'TRIGGER',
              ]
                .map(
                  (p) =>
                    `CASE WHEN has_table_privilege('${RUNTIME_GROUP}', c.oid, '${p}') THEN '${p}' END`,
                )
                .join(', ')}) AS privileges
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY c.relname`,
    );
    const expected = (table: string) =>
      [
        'audit_records',
        'audit_redactions',
        'directory_changes',
        'audit_checkpoints',
        'forward_plan_editions',
        'forward_plan_entries',
        'data_exports',
        'document_retention_rules',
      ].includes(table)
        ? 'SELECT,INSERT'
        : table === 'migrations'
          ? 'SELECT'
          : 'SELECT,INSERT,UPDATE,DELETE';
    expect(rows.length).toBeGreaterThan(30);
    expect(rows).toEqual(rows.map((r) => ({ table: r.table, privileges: expected(r.table) })));
    // An audit link's event alone, which its trigger lets change only as a signed redaction says.
    const [columns]: { event: boolean; hash: boolean }[] = await db.superuser(
      `SELECT has_column_privilege('${RUNTIME_GROUP}', 'audit_records', 'event', 'UPDATE') AS event,
              has_column_privilege('${RUNTIME_GROUP}', 'audit_records', 'hash', 'UPDATE') AS hash`,
    );
    expect(columns).toEqual({ event: true, hash: false });
  });

  it('takes numbers from the directory’s version sequence, through its triggers', async () => {
    const [{ v }]: { v: string }[] = await db.ds.query(
      `SELECT nextval('directory_version_seq')::text AS v`,
    );
    expect(Number(v)).toBeGreaterThan(0);
  });
});
