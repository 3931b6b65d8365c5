import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';

/**
 * An event's UPDATE of its case is never HOT (updated_at is indexed), so it writes an entry into
 * every index on cases whose predicate the row meets: each one must be an index a read uses
 * (issue #21, migration 1796442500000). Read from the WAL the event wrote (pg_walinspect), in this
 * database only: other specs write beside it on the same server.
 */
describe('the indexes an event writes on its case', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
    await db.superuser('CREATE EXTENSION IF NOT EXISTS pg_walinspect');
  });
  afterAll(async () => {
    await db.drop();
  });

  /** The indexes on cases that the WAL between two positions wrote entries into. */
  async function casesIndexesWritten(from: string, to: string): Promise<string[]> {
    const rows = await db.superuser<{ name: string }>(
      `SELECT DISTINCT i.indexrelid::regclass::text AS name
         FROM pg_get_wal_block_info($1, $2) b
         JOIN pg_index i ON i.indexrelid = pg_filenode_relation(b.reltablespace, b.relfilenode)
        WHERE b.reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND i.indrelid = 'cases'::regclass AND b.resource_manager IN ('Btree', 'Gin')
        ORDER BY 1`,
      [from, to],
    );
    return rows.map((r) => r.name.replace(/^"|"$/g, ''));
  }
  const lsn = async () =>
    (await db.superuser<{ lsn: string }>('SELECT pg_current_wal_insert_lsn() AS lsn'))[0].lsn;

  it('writes none but those the lists, the register, search and audit:verify read', async () => {
    const engine = engineHarness(db.ds);
    const { caseId } = await engine.open.open(openBcfCaseBody(world), world.actors.officer);
    engine.clock.advance(60_000);
    const from = await lsn();
    await engine.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer);
    const written = await casesIndexesWritten(from, await lsn());
    // Not the GIN on awaiting_person_ids (`@>` is not leakproof: case_awaits serves "awaiting"),
    // nor (tenant_id, state_key) (no read by state key alone).
    expect(written).not.toContain('cases_awaiting_idx');
    expect(written).not.toContain('IDX_563bb0ef45a5235703a2b885b9');
    expect(written).toEqual(
      expect.arrayContaining([
        'PK_264acb3048c240fb89aa34626db',
        'UQ_tenant_cases',
        'IDX_cases_tenant_updated',
        'IDX_cases_open_stage',
        'IDX_cases_open_top_state',
      ]),
    );
  });
});
