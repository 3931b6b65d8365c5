import { tenantScope } from '../core/tenant-scope';
import { copiesOfACase } from '../testing/case-copies.factory';
import { engineHarness } from '../testing/engine-harness.service';
import { planAsTheRuntimeRole } from '../testing/runtime-role-plan.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { CaseRepository } from './case.repository';

/** The state filter as the lists read it until migration 1796442100000, from each state key. */
const OLD_IN_STATE = `EXISTS (SELECT 1 FROM unnest(string_to_array(state_key, ';')) s
  WHERE s = $2 OR s LIKE $2 || '.%')`;

/**
 * The API's `?state=` list (issue #21): the cases in a state or one of its sub-states, most
 * recently changed first, read from case_states (kept by triggers from cases.state_key, migration
 * 1796442100000) by text equality, which row-level security lets an index answer; the state key's
 * `LIKE` it did not, and every case of the council was tested.
 */
describe('the list of cases in a state', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  const cases = new CaseRepository();
  /** State keys given by hand (the triggers keep case_states from them), beside the engine's own. */
  const KEYS = [
    'preSubmission',
    'preSubmission.agreement.ceo;preSubmission.agreement.ao',
    'postSubmission.noting;preSubmission.drafting',
    'preSubmissionLate.drafting',
    'postSubmission',
    '.drafting',
    'a.b.c.d;a.b',
    '',
  ];
  const opened: string[] = [];
  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
    const engine = engineHarness(db.ds);
    for (let i = 0; i < KEYS.length + 4; i++) {
      engine.clock.advance(60_000);
      opened.push((await engine.open.open(openBcfCaseBody(world), world.actors.officer)).caseId);
    }
    for (const id of opened.slice(0, 2)) {
      engine.clock.advance(60_000);
      await engine.send.send(id, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer);
    }
    engine.clock.advance(60_000);
    await engine.send.send(opened[0], { type: 'AGREE', payload: {} }, world.actors.ceo);
    for (const [i, key] of KEYS.entries())
      await db.superuser(`UPDATE cases SET state_key = $2 WHERE id = $1`, [opened[i + 4], key]);
    // One moved back to the engine's first state: its rows of the states it left go.
    await db.superuser(`UPDATE cases SET state_key = 'preSubmission.drafting' WHERE id = $1`, [
      opened[5],
    ]);
    // Two changed without leaving their states (as most events): their rows move in the order.
    await db.superuser(
      `UPDATE cases SET updated_at = updated_at + interval '1 hour' WHERE id = ANY($1)`,
      [[opened[6], opened[10]]],
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  const listed = async (state: string, open?: boolean) =>
    (
      await cases.list(tenantScope(world.tenantId), db.ds.manager, {
        state,
        ...(open === undefined ? {} : { open }),
        limit: 50,
        offset: 0,
      })
    ).map((c) => c.id);
  /** What the list answered before: each case's state key split and matched with LIKE. */
  const before = async (state: string) =>
    (
      (await db.superuser(
        `SELECT id FROM cases WHERE tenant_id = $1 AND ${OLD_IN_STATE} ORDER BY updated_at DESC, id`,
        [world.tenantId, state],
      )) as { id: string }[]
    ).map((r) => r.id);

  it('lists, as the state keys matched with LIKE did, the cases in each state and its sub-states', async () => {
    const states: { s: string }[] = await db.superuser(
      `SELECT DISTINCT s FROM cases, unnest(string_to_array(state_key, ';')) s WHERE tenant_id = $1
       UNION SELECT unnest(ARRAY['preSubmission', 'preSubmission.agreement', 'a', 'a.b', 'a.b.c',
                                 'preSub', 'drafting', 'postSubmission.noting.x', 'b.c'])`,
      [world.tenantId],
    );
    let found = 0;
    for (const { s } of states) {
      const expected = await before(s);
      found += expected.length;
      expect({ s, listed: await listed(s) }).toEqual({ s, listed: expected });
    }
    expect(found).toBeGreaterThan(states.length);
    expect(await listed('a.b')).toEqual([opened[10]]);
    await expect(
      cases.count(tenantScope(world.tenantId), db.ds.manager, { state: 'preSubmission' }),
    ).resolves.toBe((await before('preSubmission')).length);
    // With the person awaited too: the state is then a condition on the cases awaiting them.
    const ceo = world.ids.people.ceo;
    const both = await cases.list(tenantScope(world.tenantId), db.ds.manager, {
      state: 'preSubmission',
      awaitingPersonId: ceo,
      limit: 50,
      offset: 0,
    });
    const awaited: { id: string }[] = await db.superuser(
      `SELECT id FROM cases WHERE tenant_id = $1 AND ${OLD_IN_STATE} AND $3 = ANY(awaiting_person_ids)
        ORDER BY updated_at DESC, id`,
      [world.tenantId, 'preSubmission', ceo],
    );
    expect(both.map((c) => c.id)).toEqual(awaited.map((r) => r.id));
    expect(awaited.length).toBeGreaterThan(0);
    // Every row beside a case is one of its states, changed when it was.
    const astray = await db.superuser(
      `SELECT s.case_id FROM case_states s JOIN cases c ON c.id = s.case_id
        WHERE s.updated_at <> c.updated_at
           OR NOT EXISTS (SELECT 1 FROM unnest(string_to_array(c.state_key, ';')) k
                           WHERE k = s.state OR k LIKE s.state || '.%')`,
    );
    expect(astray).toEqual([]);
  });

  it('reads a state’s cases through the index of case_states as the runtime role, not every case in turn', async () => {
    const plan = await planAsTheRuntimeRole(
      await db.owner(),
      world.tenantId,
      (m) =>
        cases.list(tenantScope(world.tenantId), m, {
          state: 'postSubmission',
          limit: 50,
          offset: 0,
        }),
      {
        // 2,000 more cases in another state, analysed: a council where the state is rare.
        before: async (q) => {
          await copiesOfACase(q, world.tenantId, 2000, { stateKey: "'preSubmission.drafting'" });
          await q.query('ANALYZE');
        },
      },
    );
    expect(plan).toMatch(/Index (Only )?Scan using "IDX_case_states_state"/);
    expect(plan).not.toMatch(/string_to_array|~~|Seq Scan/);
  });
});
