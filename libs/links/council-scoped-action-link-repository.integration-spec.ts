import { acrossCouncils } from '../core/across-councils';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { ActionLinkRepository } from './action-link.repository';

/*
 * The one-time links' repository takes the council's scope: scoped to council A, it voids, locks,
 * consumes and keeps views of none of council B's links, and reads nothing of B's cases, whichever
 * of B's links and cases it is given; only the token's look-up finds a link of any council. The calls run outside every request's
 * scope, where row-level security lets every row through (ADR 0015): what keeps B's rows out is
 * the repository's own clause.
 */
describe('the one-time links’ repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const repo = new ActionLinkRepository();
  const at = new Date('2026-01-05T09:00:00Z');

  /** An open link of the case, asking its chief executive to agree. */
  const openLink = async (
    c: TwoCouncils['b'],
    caseId: string,
  ): Promise<{ id: string; token_hash: string }> => {
    const [row]: { id: string; token_hash: string }[] = await db.ds.query(
      `INSERT INTO action_links (tenant_id, case_id, person_id, role, request, allowed_responses,
                                 document_hashes, token_hash, status, created_at)
       VALUES ($1, $2, $3, 'chiefExecutive', 'agreement-requested', '{approve,reject}', '[]',
               md5(random()::text), 'open', now()) RETURNING id, token_hash`,
      [c.tenantId, caseId, c.ids.people.ceo],
    );
    return row;
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
    const linkOfB = (await openLink(w.b, w.caseOfB)).id;
    await expect(repo.voidOpenChased(w.scopeA, db.ds.manager, w.caseOfB, at)).resolves.toEqual([]);
    await expect(statusOf(linkOfB)).resolves.toBe('open');
    await expect(repo.voidOpenChased(w.scopeB, db.ds.manager, w.caseOfB, at)).resolves.toEqual([
      { request: 'agreement-requested', role: 'chiefExecutive' },
    ]);
    await expect(statusOf(linkOfB)).resolves.toBe('voided');
  });

  it('finds a link by its token in any council, and locks it only in its own', async () => {
    const linkOfB = await openLink(w.b, w.caseOfB);
    const m = db.ds.manager;
    const lookUp = acrossCouncils('council look-up');
    await expect(repo.byTokenHash(lookUp, m, linkOfB.token_hash)).resolves.toMatchObject({
      id: linkOfB.id,
      tenant_id: w.b.tenantId,
    });
    await db.ds.transaction(async (t) => {
      await expect(repo.lockByTokenHash(w.scopeA, t, linkOfB.token_hash)).resolves.toBeNull();
      await expect(repo.lockByTokenHash(w.scopeB, t, linkOfB.token_hash)).resolves.toMatchObject({
        id: linkOfB.id,
      });
    });
  });

  it('consumes and keeps views of none of another council’s links', async () => {
    const linkOfB = (await openLink(w.b, w.caseOfB)).id;
    const m = db.ds.manager;
    const outcome = { response: 'approve', recordedAt: at.toISOString() };
    await repo.consume(w.scopeA, m, { linkId: linkOfB, at, outcome });
    await expect(statusOf(linkOfB)).resolves.toBe('open');
    await repo.consume(w.scopeB, m, { linkId: linkOfB, at, outcome });
    await expect(statusOf(linkOfB)).resolves.toBe('consumed');
    const view = { linkId: linkOfB, method: 'GET', at, ip: null, userAgent: null };
    const views = async () =>
      (
        (await m.query(`SELECT tenant_id FROM action_link_views WHERE link_id = $1`, [
          linkOfB,
        ])) as { tenant_id: string }[]
      ).map((v) => v.tenant_id);
    await repo.logView(w.scopeA, m, view);
    await expect(views()).resolves.toEqual([]);
    await repo.logView(w.scopeB, m, view);
    await expect(views()).resolves.toEqual([w.b.tenantId]);
  });

  it('reads nothing of another council’s case for a link’s page, and locks none of it', async () => {
    const m = db.ds.manager;
    await expect(repo.caseTemplate(w.scopeA, m, w.caseOfB)).resolves.toBeNull();
    await expect(repo.caseTemplate(w.scopeB, m, w.caseOfB)).resolves.toMatchObject({
      template_id: expect.any(String),
    });
    await expect(repo.caseOfPage(w.scopeA, m, w.caseOfB)).resolves.toBeNull();
    await expect(repo.caseOfPage(w.scopeB, m, w.caseOfB)).resolves.toMatchObject({
      title: expect.any(String),
    });
    // Scoped to A, B's case is not locked: another transaction still takes it at once.
    await db.ds.transaction(async (t) => {
      await repo.lockCase(w.scopeA, t, w.caseOfB);
      await expect(
        db.ds.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE NOWAIT`, [w.caseOfB]),
      ).resolves.toHaveLength(1);
    });
    await db.ds.transaction(async (t) => {
      await repo.lockCase(w.scopeB, t, w.caseOfB);
      await expect(
        db.ds.query(`SELECT 1 FROM cases WHERE id = $1 FOR UPDATE NOWAIT`, [w.caseOfB]),
      ).rejects.toThrow(/could not obtain lock/);
    });
  });

  it('voids none of another council’s open links for a new version of a document', async () => {
    const linkOfB = (await openLink(w.b, w.caseOfB)).id;
    const m = db.ds.manager;
    await expect(repo.voidOpenForNewVersion(w.scopeA, m, w.caseOfB, at)).resolves.toEqual([]);
    await expect(statusOf(linkOfB)).resolves.toBe('open');
    // Every open link of B's case goes, one row each (the earlier tests left one open too).
    const voided = await repo.voidOpenForNewVersion(w.scopeB, m, w.caseOfB, at);
    expect(voided.length).toBeGreaterThan(0);
    expect(voided).toContainEqual({ request: 'agreement-requested', role: 'chiefExecutive' });
    await expect(statusOf(linkOfB)).resolves.toBe('voided');
  });
});
