import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { engineHarness } from '../testing/engine-harness.service';
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
    // The statement the repository sends, captured rather than run.
    let sent: { sql: string; params: unknown[] } | undefined;
    const capture = {
      query: (sql: string, params: unknown[]) => {
        sent = { sql, params };
        return Promise.resolve([]);
      },
    } as unknown as EntityManager;
    await cases.list(tenantScope(world.tenantId), capture, {
      awaitingPersonId: person('ceo'),
      limit: 50,
      offset: 0,
    });
    const runner = (await db.owner()).createQueryRunner();
    await runner.startTransaction();
    try {
      // 2,000 more cases, each awaiting someone else, analysed: a council where the person is rare.
      await runner.query(
        `INSERT INTO cases (id, tenant_id, reference, title, template_id, template_version, version,
                            snapshot, state_key, summary, roles, dates, awaiting_person_ids,
                            created_by, created_at, updated_at, closed_at, audit_head, definition_hash)
         SELECT gen_random_uuid(), c.tenant_id, c.reference || '-' || g, c.title, c.template_id,
                c.template_version, c.version, c.snapshot, c.state_key, c.summary, c.roles, c.dates,
                ARRAY[gen_random_uuid()], c.created_by, c.created_at, c.updated_at + g * interval '1 second', c.closed_at,
                c.audit_head, c.definition_hash
           FROM (SELECT * FROM cases WHERE tenant_id = $1 LIMIT 1) c, generate_series(1, 2000) g`,
        [world.tenantId],
      );
      await runner.query('ANALYZE');
      // As the product connects: the runtime role, bound to the council (ADR 0015).
      await runner.query('SET LOCAL ROLE ratify_runtime');
      await runner.query(`SELECT set_config('app.tenant_id', $1, true)`, [world.tenantId]);
      const plan = (
        (await runner.query(`EXPLAIN ${sent!.sql}`, sent!.params)) as { 'QUERY PLAN': string }[]
      )
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using "IDX_case_awaits_person"/);
      expect(plan).not.toMatch(/awaiting_person_ids|Seq Scan/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
