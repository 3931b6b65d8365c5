import { countedStatements } from '../testing/counted-statements.service';
import { engineHarness } from '../testing/engine-harness.service';
import {
  buildOfficerDecisionWorld,
  openDescribedDecision,
  type OfficerDecisionWorld,
} from '../testing/officer-decision-world.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { ForwardPlanService } from './forward-plan.service';
import { ForwardPlanRepository } from './forward-plan.repository';
import { DirectoryRepository } from '../directory/directory.repository';
import { TenantRepository } from '../directory/tenant.repository';

/*
 * The forward plan's draft reads the council's open cases in a bounded number of queries (issue
 * #17 item 6): the cases, their first publications and their decision makers, however many there
 * are, where it used to read each case on its own (a case, its deadlines, its failed emails and its
 * directory: four queries a case).
 */
describe('the forward plan draft', () => {
  let db: TestDatabase;
  let world: OfficerDecisionWorld;
  let h: ReturnType<typeof engineHarness>;
  let plan: ForwardPlanService;

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildOfficerDecisionWorld(db.ds);
    h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
    plan = new ForwardPlanService(
      db.ds,
      h.clock,
      new ForwardPlanRepository(),
      new DirectoryRepository(),
      new TenantRepository(),
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  async function openKeyDecisions(n: number, from: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = from; i < from + n; i++)
      ids.push(
        await openDescribedDecision(h, world, {
          title: `Key decision ${String(i).padStart(2, '0')}`,
          matter: `Matter ${i}`,
          decisionDue: '2025-09-15',
          keyDecisionReasons: 'Spending over £500,000',
        }),
      );
    return ids;
  }

  /** The draft read through a manager that counts the statements it is asked to run. */
  async function countedDraft() {
    const { result: draft, statements } = await countedStatements(db.ds, (counting) =>
      plan.draft(world.tenantId, counting),
    );
    return { draft, statements };
  }

  it('reads 2 open cases and 12 open cases in the same 3 queries, each with its decision maker', async () => {
    const few = await openKeyDecisions(2, 0);
    const small = await countedDraft();
    expect(small.draft.map((l) => l.caseId).sort()).toEqual([...few].sort());
    const more = await openKeyDecisions(10, 2);
    const large = await countedDraft();
    expect(large.draft.map((l) => l.caseId).sort()).toEqual([...few, ...more].sort());
    expect(small.statements).toBe(3);
    expect(large.statements).toBe(small.statements);
    for (const l of large.draft)
      expect(l.decisionMaker).toEqual({
        name: 'Dr Rhea Stone',
        actingAs: expect.stringContaining('Director of Public Health') as unknown as string,
      });
  });
});
