import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { OutboxRepository } from './outbox.repository';

/*
 * The outbox's repository takes the council's scope: scoped to council A, it sets back none of
 * council B's emails, whichever of B's cases and emails it is given. The calls run outside every
 * request's scope, where row-level security lets every row through (ADR 0015): what keeps B's
 * rows out is the repository's own clause.
 */
describe('the outbox’s repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const repo = new OutboxRepository();
  const at = new Date('2026-01-05T09:00:00Z');

  /** A permanently failed email of the case, as the worker leaves one. */
  const failedEmail = async (tenantId: string, caseId: string): Promise<string> => {
    const [row]: { id: string }[] = await db.ds.query(
      `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at, last_error)
       VALUES ($1, $2, 'email', '{}', 'failed', 8, now(), now(), '550 mailbox unavailable') RETURNING id`,
      [tenantId, caseId],
    );
    return row.id;
  };
  const statusOf = async (id: string) =>
    (
      (await db.ds.query(`SELECT status, attempts, last_error FROM effects WHERE id = $1`, [
        id,
      ])) as { status: string; attempts: number; last_error: string | null }[]
    )[0];

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('sets back none of another council’s failed emails, and its own council’s to be sent again', async () => {
    const emailOfB = await failedEmail(w.b.tenantId, w.caseOfB);
    const t = { caseId: w.caseOfB, effectId: emailOfB, at };
    await expect(repo.retryFailed(w.scopeA, db.ds.manager, t)).resolves.toBe(false);
    await expect(statusOf(emailOfB)).resolves.toMatchObject({ status: 'failed', attempts: 8 });
    await expect(repo.retryFailed(w.scopeB, db.ds.manager, t)).resolves.toBe(true);
    await expect(statusOf(emailOfB)).resolves.toEqual({
      status: 'pending',
      attempts: 0,
      last_error: null,
    });
  });
});
