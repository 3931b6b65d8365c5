import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { ActionLinkRepository } from './action-link.repository';

/*
 * The one-time links' repository takes the council's scope: scoped to council A, it voids none of
 * council B's links, whichever of B's cases it is given. The calls run outside every request's
 * scope, where row-level security lets every row through (ADR 0015): what keeps B's rows out is
 * the repository's own clause.
 */
describe('the one-time links’ repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const repo = new ActionLinkRepository();
  const at = new Date('2026-01-05T09:00:00Z');

  /** An open link of the case, asking its chief executive to agree. */
  const openLink = async (c: TwoCouncils['b'], caseId: string): Promise<string> => {
    const [row]: { id: string }[] = await db.ds.query(
      `INSERT INTO action_links (tenant_id, case_id, person_id, role, request, allowed_responses,
                                 document_hashes, token_hash, status, created_at)
       VALUES ($1, $2, $3, 'chiefExecutive', 'agreement-requested', '{approve,reject}', '[]',
               md5(random()::text), 'open', now()) RETURNING id`,
      [c.tenantId, caseId, c.ids.people.ceo],
    );
    return row.id;
  };
  const statusOf = async (id: string): Promise<string> =>
    (
      (await db.ds.query(`SELECT status FROM action_links WHERE id = $1`, [id])) as {
        status: string;
      }[]
    )[0].status;

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('voids none of another council’s open links when chasing, and its own council’s', async () => {
    const linkOfB = await openLink(w.b, w.caseOfB);
    await expect(repo.voidOpenChased(w.scopeA, db.ds.manager, w.caseOfB, at)).resolves.toEqual([]);
    await expect(statusOf(linkOfB)).resolves.toBe('open');
    await expect(repo.voidOpenChased(w.scopeB, db.ds.manager, w.caseOfB, at)).resolves.toEqual([
      { request: 'agreement-requested', role: 'chiefExecutive' },
    ]);
    await expect(statusOf(linkOfB)).resolves.toBe('voided');
  });
});
