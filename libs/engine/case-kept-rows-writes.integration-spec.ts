import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';

/**
 * What an event writes into the tables kept beside its case for the lists' reads (issue #21):
 * rows that follow what the case is (its words, states, people), not every change of its
 * updated_at, which the lists take from the cases' own index. Read from the WAL the event wrote
 * (pg_walinspect), in this database only: other specs write beside it on the same server.
 */
describe('the rows kept beside a case that an event writes', () => {
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

  /** The tables (an index counted as its table) that the WAL between two positions wrote blocks of. */
  async function tablesWritten(from: string, to: string): Promise<string[]> {
    const rows = await db.superuser<{ name: string }>(
      `SELECT DISTINCT coalesce(i.indrelid, r.oid)::regclass::text AS name
         FROM pg_get_wal_block_info($1, $2) b
         JOIN pg_class r ON r.oid = pg_filenode_relation(b.reltablespace, b.relfilenode)
         LEFT JOIN pg_index i ON i.indexrelid = r.oid
        WHERE b.reldatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY 1`,
      [from, to],
    );
    return rows.map((r) => r.name.replace(/^"|"$/g, ''));
  }
  const lsn = async () =>
    (await db.superuser<{ lsn: string }>('SELECT pg_current_wal_insert_lsn() AS lsn'))[0].lsn;

  it('writes no word of the case when its title and reference stay as they were', async () => {
    const engine = engineHarness(db.ds);
    const { caseId } = await engine.open.open(
      openBcfCaseBody(world, { title: 'Carers’ breaks grant: extension to March 2027' }),
      world.actors.officer,
    );
    engine.clock.advance(60_000);
    const from = await lsn();
    await engine.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer);
    const written = await tablesWritten(from, await lsn());
    expect(written).toContain('cases');
    expect(written).not.toContain('case_words');
  });
});
