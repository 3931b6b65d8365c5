import { tenantScope } from '../core/tenant-scope';
import { copiesOfACase } from '../testing/case-copies.factory';
import { engineHarness } from '../testing/engine-harness.service';
import { planAsTheRuntimeRole } from '../testing/runtime-role-plan.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { CaseRepository } from './case.repository';

/**
 * The API's `?awaiting=` list (issue #21): the cases a person is awaited in, most recently changed
 * first, read from case_awaits (kept by triggers from cases.awaiting_person_ids, migration
 * 1796440800000) by uuid equality, which row-level security lets an index answer; the array's `@>`
 * it does not, and every case of the council was tested.
 */
describe('the list of cases awaiting a person', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  const h = () => engineHarness(db.ds);
  const cases = new CaseRepository();
  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
  });
  afterAll(async () => {
    await db.drop();
  });

  const person = (key: 'officer' | 'ceo' | 'ao' | 'chair') => world.ids.people[key];
  const listed = async (personId: string) =>
    (
      await cases.list(tenantScope(world.tenantId), db.ds.manager, {
        awaitingPersonId: personId,
        limit: 50,
        offset: 0,
      })
    ).map((c) => c.id);
  /** The council's cases whose own array names the person, most recently changed first. */
  const byArray = async (personId: string) =>
    (
      (await db.superuser(
        `SELECT id FROM cases WHERE tenant_id = $1 AND $2 = ANY(awaiting_person_ids)
          ORDER BY updated_at DESC, id`,
        [world.tenantId, personId],
      )) as { id: string }[]
    ).map((r) => r.id);

  it('lists, as the cases’ own arrays say, the cases awaiting each person as events move them', async () => {
    const engine = h();
    const opened: string[] = [];
    for (let i = 0; i < 3; i++) {
      engine.clock.advance(60_000);
      opened.push((await engine.open.open(openBcfCaseBody(world), world.actors.officer)).caseId);
    }
    // The first two sent for agreement (awaiting the CEO and AO), the first then agreed by the CEO.
    for (const id of opened.slice(0, 2)) {
      engine.clock.advance(60_000);
      await engine.send.send(id, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer);
    }
    engine.clock.advance(60_000);
    await engine.send.send(opened[0], { type: 'AGREE', payload: {} }, world.actors.ceo);

    for (const key of ['officer', 'ceo', 'ao', 'chair'] as const) {
      const expected = await byArray(person(key));
      expect({ key, listed: await listed(person(key)) }).toEqual({ key, listed: expected });
    }
    expect(await listed(person('ceo'))).toEqual([opened[1]]);
    expect(await listed(person('ao'))).toEqual([opened[0], opened[1]]);
    await expect(
      cases.count(tenantScope(world.tenantId), db.ds.manager, { awaitingPersonId: person('ao') }),
    ).resolves.toBe(2);
    // Every row beside a case is one of its array's, changed when it was.
    const astray = await db.superuser(
      `SELECT a.case_id FROM case_awaits a JOIN cases c ON c.id = a.case_id
        WHERE NOT (a.person_id = ANY(c.awaiting_person_ids)) OR a.updated_at <> c.updated_at`,
    );
    expect(astray).toEqual([]);
  });

  it('reads them through the index of case_awaits as the runtime role, not every case in turn', async () => {
    const plan = await planAsTheRuntimeRole(
      await db.owner(),
      world.tenantId,
      (m) =>
        cases.list(tenantScope(world.tenantId), m, {
          awaitingPersonId: person('ceo'),
          limit: 50,
          offset: 0,
        }),
      {
        // 2,000 more cases, each awaiting someone else, analysed: a council where the person is rare.
        before: async (q) => {
          await copiesOfACase(q, world.tenantId, 2000, {
            awaitingPersonIds: 'ARRAY[gen_random_uuid()]',
          });
          await q.query('ANALYZE');
        },
      },
    );
    expect(plan).toMatch(/Index (Only )?Scan using "IDX_case_awaits_person"/);
    expect(plan).not.toMatch(/awaiting_person_ids|Seq Scan/);
  });
});
