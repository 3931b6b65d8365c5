import { tenantScope } from '../core/tenant-scope';
import { openDataSource } from '../database/data-source.service';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { CaseRepository, FOR_SEND, FOR_SEND_ONE } from './case.repository';
import { NamedStatementPool } from './named-statement-pool.service';

/**
 * The send's read of one case (every event's, in-process and over the API) is planned once a
 * connection, not at every event: a prepared statement runs on its generic plan once that is
 * costed no dearer than its first five custom plans, and for `cases.id = ANY($2)` the generic plan
 * is costed for ten rows, so a council's analysed cases made PostgreSQL plan it afresh every time
 * (docs/benchmarks.md, "The send's read planned once a connection").
 */
describe("the send's read of one case", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('runs on its generic plan after five executions on a connection, where = ANY of the same id is planned at every one', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const ids: string[] = [];
    for (let i = 0; i < 64; i++)
      ids.push((await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId);
    // A council's cases as events leave them (each row rewritten at every event), analysed; no
    // autovacuum in this database's cases while the test reads, so that the costs stay as analysed.
    await db.superuser('ALTER TABLE cases SET (autovacuum_enabled = false)');
    for (let i = 0; i < 10; i++) await db.superuser('UPDATE cases SET summary = summary');
    await db.superuser('ANALYZE cases');
    // One connection, so that its prepared statements are the ones pg_prepared_statements shows,
    // its statements named as the send's pool names them.
    const one = await openDataSource(db.ownerUrl, 1);
    try {
      const q = new NamedStatementPool(one, true).queryable()!;
      const scope = tenantScope(world.tenantId);
      const cases = new CaseRepository();
      for (const id of ids.slice(0, 12)) {
        expect((await cases.findForSend(scope, q, id, '2021-10-01'))?.id).toBe(id);
        expect((await cases.findManyForSend(scope, q, [id], '2021-10-01'))[0]?.id).toBe(id);
        // The many-case form with one id: the condition the one-case form is for.
        expect(
          await q.query<{ id: string }[]>(FOR_SEND, [world.tenantId, [id], '2021-10-01']),
        ).toMatchObject([{ id }]);
      }
      const plans: { statement: string; generic: number; custom: number }[] = await one.query(
        `SELECT statement, generic_plans::int AS generic, custom_plans::int AS custom
           FROM pg_prepared_statements`,
      );
      const of = (sql: string) => plans.filter((p) => p.statement === sql);
      expect(of(FOR_SEND)).toEqual([{ statement: FOR_SEND, generic: 0, custom: 12 }]);
      // findForSend and findManyForSend of one id: one prepared statement, 24 executions.
      expect(of(FOR_SEND_ONE)).toEqual([{ statement: FOR_SEND_ONE, generic: 19, custom: 5 }]);
    } finally {
      await one.destroy();
    }
  });
});
