import { chairAwayBySql, withViceChairDelegation } from '../../testing/absence-world.factory';
import { openTestDatabase, TestDatabase } from '../../testing/test-database.service';
import { buildBcfWorld, type BcfWorld } from '../../testing/world.factory';

/**
 * Whoever writes a council's absences, in the app or in SQL, a change to who is away moves the
 * council's row to a new tuple: a send from a kept case checks that row's xmin instead of reading
 * every absence the council has (libs/engine/case.repository.ts, migrations/1796441800000).
 */
describe("a change to a council's absences, however written", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const councilRow = async (world: BcfWorld): Promise<string> =>
    (
      (await db.ds.query('SELECT xmin::text AS x FROM tenants WHERE tenant_id = $1', [
        world.tenantId,
      ])) as { x: string }[]
    )[0].x;

  it('moves the council row when an absence is recorded, cancelled, shortened or deleted in SQL', async () => {
    const world = await buildBcfWorld(db.ds, { tweak: withViceChairDelegation });
    const seen = [await councilRow(world)];
    const id = await chairAwayBySql(db.ds, world);
    seen.push(await councilRow(world));
    await db.ds.query(`UPDATE absences SET last_day = '2021-10-05' WHERE id = $1`, [id]);
    seen.push(await councilRow(world));
    await db.ds.query('UPDATE absences SET cancelled_at = now() WHERE id = $1', [id]);
    seen.push(await councilRow(world));
    await db.ds.query('DELETE FROM absences WHERE id = $1', [id]);
    seen.push(await councilRow(world));
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('leaves the council row as it was when an absence is only marked covered', async () => {
    const world = await buildBcfWorld(db.ds, { tweak: withViceChairDelegation });
    const id = await chairAwayBySql(db.ds, world);
    const before = await councilRow(world);
    await db.ds.query('UPDATE absences SET covered_at = now() WHERE id = $1', [id]);
    expect(await councilRow(world)).toBe(before);
  });
});
