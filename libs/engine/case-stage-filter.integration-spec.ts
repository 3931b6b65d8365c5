import { tenantScope } from '../core/tenant-scope';
import { copiesOfACase } from '../testing/case-copies.factory';
import { engineHarness } from '../testing/engine-harness.service';
import { planAsTheRuntimeRole } from '../testing/runtime-role-plan.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { CaseRepository } from './case.repository';

/** The stage as the dashboard's lists chose it until migration 1796442000000, from state_key. */
const OLD_TOP_STATE = `split_part(split_part(state_key, ';', 1), '.', 1)`;

/**
 * The dashboard's list of one stage's cases (`/cases?stage=`, issue #21): the cases of a template
 * whose top-level state is the stage's, most recently changed first, read by `top_state`, which a
 * trigger keeps from state_key (migration 1796442000000), so that row-level security lets an index
 * answer it; `split_part` it did not, and every case of the council was tested.
 */
describe('the list of one stage’s cases', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  const cases = new CaseRepository();
  /** State keys given by hand (the trigger keeps top_state from them), beside the engine's own. */
  const KEYS = [
    'preSubmission',
    'preSubmission.agreement.ceo;preSubmission.agreement.ao',
    'postSubmission.noting;preSubmission.drafting',
    'preSubmissionLate.drafting',
    'postSubmission',
    '.drafting',
    ';preSubmission',
    '',
  ];
  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
    const engine = engineHarness(db.ds);
    const opened: string[] = [];
    for (let i = 0; i < KEYS.length + 4; i++) {
      engine.clock.advance(60_000);
      opened.push((await engine.open.open(openBcfCaseBody(world), world.actors.officer)).caseId);
    }
    for (const id of opened.slice(0, 2)) {
      engine.clock.advance(60_000);
      await engine.send.send(id, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer);
    }
    for (const [i, key] of KEYS.entries())
      await db.superuser(`UPDATE cases SET state_key = $2 WHERE id = $1`, [opened[i + 4], key]);
    // Some closed, and one of another template, so that the template and `open` are tested too.
    await db.superuser(`UPDATE cases SET closed_at = updated_at WHERE id = ANY($1)`, [
      [opened[1], opened[5], opened[8]],
    ]);
    await db.superuser(
      `UPDATE cases SET template_id = 'officer-delegated-decision' WHERE id = $1`,
      [opened[3]],
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  const listed = async (stage: { templateId: string; top: string }, open?: boolean) =>
    (
      await cases.list(tenantScope(world.tenantId), db.ds.manager, {
        stage,
        ...(open === undefined ? {} : { open }),
        limit: 50,
        offset: 0,
      })
    ).map((c) => c.id);
  /** What the list answered before: split_part of every case's state key. */
  const before = async (stage: { templateId: string; top: string }, open?: boolean) =>
    (
      (await db.superuser(
        `SELECT id FROM cases WHERE tenant_id = $1 AND template_id = $2 AND ${OLD_TOP_STATE} = $3
           ${open === undefined ? '' : `AND closed_at IS ${open ? '' : 'NOT '}NULL`}
          ORDER BY updated_at DESC, id`,
        [world.tenantId, stage.templateId, stage.top],
      )) as { id: string }[]
    ).map((r) => r.id);

  it('lists, as split_part of each state key did, every stage’s cases, open, closed or either', async () => {
    const stages: { templateId: string; top: string }[] = await db.superuser(
      `SELECT DISTINCT template_id AS "templateId", ${OLD_TOP_STATE} AS top FROM cases
        WHERE tenant_id = $1
       UNION SELECT 'bcf-delegated-sign-off', 'preSub'
       UNION SELECT 'bcf-delegated-sign-off', 'preSubmission.agreement'
       UNION SELECT 'jcb-delegated-decision', 'preSubmission'`,
      [world.tenantId],
    );
    expect(stages.length).toBeGreaterThan(6);
    let found = 0;
    for (const stage of stages)
      for (const open of [true, false, undefined]) {
        const expected = await before(stage, open);
        found += expected.length;
        expect({ stage, open, listed: await listed(stage, open) }).toEqual({
          stage,
          open,
          listed: expected,
        });
      }
    expect(found).toBeGreaterThan(0);
    const astray = await db.superuser(
      `SELECT id FROM cases WHERE top_state IS DISTINCT FROM ${OLD_TOP_STATE}`,
    );
    expect(astray).toEqual([]);
  });

  it('reads an open stage’s cases through its index as the runtime role, not every case in turn', async () => {
    const plan = await planAsTheRuntimeRole(
      await db.owner(),
      world.tenantId,
      (m) =>
        cases.list(tenantScope(world.tenantId), m, {
          open: true,
          stage: { templateId: 'bcf-delegated-sign-off', top: 'postSubmission' },
          limit: 25,
          offset: 0,
        }),
      {
        // 2,000 more open cases in another stage, analysed: a council where the stage is rare.
        before: async (q) => {
          await copiesOfACase(q, world.tenantId, 2000, {
            stateKey: "'preSubmission.drafting'",
            closedAt: 'NULL',
          });
          await q.query('ANALYZE');
        },
      },
    );
    expect(plan).toMatch(/Index Cond: .*top_state = /);
    expect(plan).toMatch(/Index Scan using "IDX_cases_open_top_state"/);
    expect(plan).not.toMatch(/split_part|Seq Scan/);
  });
});
