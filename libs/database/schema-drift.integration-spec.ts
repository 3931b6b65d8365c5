import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { pendingSchemaChanges } from './schema-drift.service';

describe('the schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(2);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('comes entirely from migrations: entities and migrations agree', async () => {
    const { up } = await pendingSchemaChanges(await db.owner());
    expect(up).toEqual([]);
  });

  it('gives every table a tenant_id column', async () => {
    const rows = await db.superuser<{ table_name: string }>(
      `SELECT t.table_name FROM information_schema.tables t
        WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name <> 'migrations'
          AND NOT EXISTS (SELECT 1 FROM information_schema.columns c
                           WHERE c.table_name = t.table_name AND c.column_name = 'tenant_id')`,
    );
    expect(rows.map((r) => r.table_name)).toEqual([]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE on the audit table, even to its owner', async () => {
    const owner = await db.owner();
    // A record of no case (past the keys that bind it to its case, triggers back on after).
    await owner.query(
      `SET session_replication_role = 'replica'; INSERT INTO audit_records (tenant_id, case_id, seq, recorded_at, actor, authority, event, to_state, prev_hash, hash)
       VALUES (gen_random_uuid(), gen_random_uuid(), 1, now(), '{}', '{}', '{}', 'drafting', 'x', 'y'); SET session_replication_role = 'origin'`,
    );
    for (const sql of [
      'UPDATE audit_records SET hash = hash',
      'DELETE FROM audit_records',
      'TRUNCATE audit_records',
    ]) {
      await expect(owner.query(sql)).rejects.toThrow(/append-only/);
    }
  });
});
