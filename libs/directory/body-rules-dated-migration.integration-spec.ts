import { DateBodyRules1796394184000 } from '../../migrations/1796394184000-date-body-rules';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld } from '../testing/world.factory';

/*
 * Issue #10: a body's rules got days they are in force. The rules each body held before become
 * its first rules, in force from when it was set up (no day: none was ever recorded), so that
 * every meeting already on record is judged as before.
 */
describe('dating the rules of existing bodies', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await openTestDatabase(2);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('gives each body with rules one row of them from its setting up, and a body without rules none', async () => {
    const world = await buildBcfWorld(db.ds, {
      tweak: (spec) => {
        spec.bodies.push({ key: 'group', name: 'Finance and Performance Group', kind: 'group' });
      },
    });
    const migration = new DateBodyRules1796394184000();
    const q = (await db.owner()).createQueryRunner();
    try {
      await migration.down(q);
      await migration.up(q);
    } finally {
      await q.release();
    }

    const rows: { body_id: string; in_force_from: string | null; same: boolean; by: unknown }[] =
      await db.ds.query(
        `SELECT r.body_id, r.in_force_from, r.rules = b.rules AS same, r.recorded_by AS by
           FROM body_rules r JOIN bodies b ON b.id = r.body_id WHERE r.tenant_id = $1`,
        [world.tenantId],
      );
    const first = (bodyId: string) => ({
      body_id: bodyId,
      in_force_from: null,
      same: true,
      by: { kind: 'system', tool: 'migration' },
    });
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([first(world.ids.bodies.hwbb), first(world.ids.bodies.jcb)]),
    );
    expect(rows.map((r) => r.body_id)).not.toContain(world.ids.bodies.group);
  });
});
