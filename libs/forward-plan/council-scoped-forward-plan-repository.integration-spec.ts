import { randomUUID } from 'node:crypto';
import { LifecycleRepository } from '../engine/lifecycle/lifecycle.repository';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { ForwardPlanRepository } from './forward-plan.repository';

/*
 * The forward plan's repository and the lifecycle's lock take the council's scope: a call scoped
 * to council A reads none of council B's cases, plan entries, editions or name and locks none of
 * its cases, whatever id it is given (outside every request's scope, where row-level security
 * lets every row through, ADR 0015).
 */
describe('forward plan and lifecycle repositories scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const plans = new ForwardPlanRepository();

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('does not read another council’s cases, plan entries or editions', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB, caseOfA, caseOfB } = w;
    const [templateOfB] = await plans.planDaysOf(scopeB, m, [caseOfB]);
    expect(templateOfB.caseId).toBe(caseOfB);
    await expect(plans.planDaysOf(scopeA, m, [caseOfB])).resolves.toEqual([]);
    const open = await plans.openCases(scopeA, m, [templateOfB.templateId]);
    expect(open.map((c) => c.id)).toEqual([caseOfA]);

    const edition = {
      id: randomUUID(),
      publishedOn: '2021-11-01',
      publishedAt: new Date(),
      publishedBy: { name: 'Officer of B' },
      entries: [],
    };
    await plans.insertEdition(scopeB, m, edition);
    await plans.insertFirstPublications(scopeB, m, edition.id, '2021-11-01', [caseOfB]);
    expect((await plans.latest(scopeB, m))?.id).toBe(edition.id);
    await expect(plans.latest(scopeA, m)).resolves.toBeNull();
    await expect(plans.edition(scopeA, m, edition.id)).resolves.toBeNull();
    await expect(plans.editions(scopeA, m)).resolves.toEqual([]);
    expect([...(await plans.firstPublications(scopeB, m)).keys()]).toEqual([caseOfB]);
    await expect(plans.firstPublications(scopeA, m)).resolves.toEqual(new Map());
  });

  it('reads the council’s own name and slug', async () => {
    const m = db.ds.manager;
    const ofA = await plans.council(w.scopeA, m);
    const ofB = await plans.council(w.scopeB, m);
    expect(ofA?.slug).toMatch(/^t-/);
    expect(ofB?.slug).toMatch(/^t-/);
    expect(ofA?.slug).not.toBe(ofB?.slug);
  });

  it('does not lock another council’s case for a lifecycle change', async () => {
    const lifecycle = new LifecycleRepository();
    await db.ds.transaction(async (m) => {
      await expect(lifecycle.lock(w.scopeA, m, w.caseOfB)).resolves.toBe(false);
      await expect(lifecycle.lock(w.scopeB, m, w.caseOfB)).resolves.toBe(true);
    });
  });
});
