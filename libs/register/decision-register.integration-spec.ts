import { RegisterRepository } from './register.repository';
import type { Actor } from '../core/actor.dto';
import { DirectoryRepository } from '../directory/directory.repository';
import { TenantRepository } from '../directory/tenant.repository';
import { countedStatements } from '../testing/counted-statements.service';
import { engineHarness } from '../testing/engine-harness.service';
import {
  buildOfficerDecisionWorld,
  openDescribedDecision,
  type OfficerDecisionWorld,
} from '../testing/officer-decision-world.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { DecisionRegisterService, hasNotice } from './decision-register.service';
import { tenantScope } from '../core/tenant-scope';

/*
 * The public register reads every published decision in a bounded number of queries (issue #17):
 * the cases in one and every role holder of theirs in one read of the directory, where it used to
 * build each case's view on its own (a case, its deadlines, its failed emails and its directory:
 * four queries a decision).
 */
describe('the public register of decisions', () => {
  let db: TestDatabase;
  let world: OfficerDecisionWorld;
  let h: ReturnType<typeof engineHarness>;
  let register: DecisionRegisterService;
  let director: Actor;

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildOfficerDecisionWorld(db.ds);
    h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
    register = new DecisionRegisterService(
      db.ds,
      h.clock,
      new RegisterRepository(),
      new DirectoryRepository(),
      new TenantRepository(),
    );
    const person = await new DirectoryRepository().person(
      tenantScope(world.tenantId),
      db.ds.manager,
      world.ids.people.director,
    );
    director = { kind: 'person', tenantId: world.tenantId, person: person! };
  });
  afterAll(async () => {
    await db.drop();
  });

  /** `n` officer decisions, each decided and published, and one left undecided (not listed). */
  async function publishDecisions(n: number, from: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = from; i < from + n + 1; i++) {
      const caseId = await openDescribedDecision(h, world, {
        title: `Decision ${String(i).padStart(2, '0')}`,
        matter: `Matter ${i}`,
        decisionDue: '2025-08-01',
      });
      let version = 2;
      const send = async (type: string, payload: Record<string, unknown>, who: Actor) => {
        const r = await h.send.send(caseId, { type, payload }, who, { expectedVersion: version });
        version = r.version;
      };
      if (i === from + n) continue;
      await send(
        'RECORD_DECISION',
        { decision: `Agree matter ${i}`, decidedOn: '2025-08-01', reasons: 'Value for money' },
        director,
      );
      await send('RECORD_PUBLICATION', { publishedOn: '2025-08-01' }, world.actors.officer);
      ids.push(caseId);
    }
    return ids;
  }

  /** The register read through a manager that counts the statements it is asked to run. */
  async function countedList() {
    const { result: entries, statements } = await countedStatements(db.ds, (counting) =>
      register.list(world.tenantId, {}, counting),
    );
    return { entries, statements };
  }

  it('lists 2 published decisions and 12 in the same 2 queries, each with its decision maker and audit head', async () => {
    const few = await publishDecisions(2, 0);
    const small = await countedList();
    expect(small.entries.map((e) => e.caseId).sort()).toEqual([...few].sort());
    const more = await publishDecisions(10, 3);
    const large = await countedList();
    expect(large.entries.map((e) => e.caseId).sort()).toEqual([...few, ...more].sort());
    expect(small.statements).toBe(2);
    expect(large.statements).toBe(small.statements);
    for (const e of large.entries.filter(hasNotice)) {
      expect(e.kind).toBe('officer');
      expect(e.notice.decisionMaker.name).toBe('Dr Rhea Stone');
      expect(e.audit.head).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('gives one decision as the list does', async () => {
    const [id] = await publishDecisions(1, 20);
    const listed = (await register.list(world.tenantId)).find((e) => e.caseId === id);
    expect(await register.entry(world.tenantId, id)).toEqual(listed);
  });
});
