import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { CaseRepository } from './case.repository';

/**
 * The overdue filter of case lists (issue #21): a case is overdue when any of its deadline flags
 * is true, and the lists find the overdue ones through the partial index that holds them alone.
 */
describe('the overdue filter of case lists', () => {
  let db: TestDatabase;
  const cases = new CaseRepository();
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** Cases of one council whose snapshots carry the given `context.overdue` (absent when undefined). */
  async function councilWith(flags: (Record<string, boolean> | undefined)[]) {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const ids: string[] = [];
    for (const overdue of flags) {
      const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
      await db.ds.query(
        overdue === undefined
          ? `UPDATE cases SET snapshot = snapshot #- '{context,overdue}' WHERE id = $1`
          : `UPDATE cases SET snapshot = jsonb_set(snapshot, '{context,overdue}', $2::jsonb) WHERE id = $1`,
        overdue === undefined ? [caseId] : [caseId, JSON.stringify(overdue)],
      );
      ids.push(caseId);
    }
    return { tenantId: world.tenantId, ids };
  }

  const m = (): EntityManager => db.ds.manager;

  it('lists as overdue the cases with any deadline flag true, and as not overdue all others', async () => {
    const { tenantId, ids } = await councilWith([
      { submission: false, agreement: true },
      { submission: true, agreement: true },
      { submission: false, agreement: false },
      {},
      undefined,
    ]);
    const listed = async (overdue: boolean) =>
      (await cases.list(tenantScope(tenantId), m(), { overdue, limit: 50, offset: 0 }))
        .map((c) => c.id)
        .sort();
    await expect(listed(true)).resolves.toEqual([ids[0], ids[1]].sort());
    await expect(listed(false)).resolves.toEqual([ids[2], ids[3], ids[4]].sort());
    await expect(cases.count(tenantScope(tenantId), m(), { overdue: true })).resolves.toBe(2);
    await expect(
      cases.count(tenantScope(tenantId), m(), { overdue: false, open: true }),
    ).resolves.toBe(3);
  });

  it('reads overdue lists through the partial index of overdue cases', async () => {
    const { tenantId } = await councilWith([{ submission: true }, { submission: false }]);
    // The statement the repository sends, captured rather than run.
    let sent: { sql: string; params: unknown[] } | undefined;
    const capture = {
      query: (sql: string, params: unknown[]) => {
        sent = { sql, params };
        return Promise.resolve([]);
      },
    } as unknown as EntityManager;
    await cases.list(tenantScope(tenantId), capture, {
      overdue: true,
      open: true,
      limit: 50,
      offset: 0,
    });
    const plan: { 'QUERY PLAN': string }[] = await db.ds.transaction(async (t) => {
      // A table this small is read whole when allowed: forbid that, so only a usable index shows.
      await t.query('SET LOCAL enable_seqscan = off');
      return t.query(`EXPLAIN ${sent!.sql}`, sent!.params);
    });
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('IDX_cases_overdue');
  });
});
