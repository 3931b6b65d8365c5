import { RELEASED_HERE } from '../workflows/template.registry';
import { acrossCouncils } from '../core/across-councils';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { OutboxRepository } from './outbox.repository';

/*
 * The outbox's repository takes the council's scope: scoped to council A, it claims, marks sent,
 * fails, sets back and counts none of council B's emails, whichever of B's cases and emails it is given;
 * only the worker's sweep finds the councils with emails due. The calls run outside every
 * request's scope, where row-level security lets every row through (ADR 0015): what keeps B's
 * rows out is the repository's own clause.
 */
describe('the outbox’s repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const repo = new OutboxRepository();
  const at = new Date('2026-01-05T09:00:00Z');

  /** An email of the case: permanently failed, as the worker leaves one, or due since 2020. */
  const email = async (
    tenantId: string,
    caseId: string,
    status: 'failed' | 'pending' = 'failed',
  ): Promise<string> => {
    const [row]: { id: string }[] = await db.ds.query(
      `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at, last_error)
       VALUES ($1, $2, 'email', '{}', $3, CASE WHEN $3 = 'failed' THEN 8 ELSE 0 END, '2020-01-01', now(),
               CASE WHEN $3 = 'failed' THEN '550 mailbox unavailable' END) RETURNING id`,
      [tenantId, caseId, status],
    );
    return row.id;
  };
  const failedEmail = (tenantId: string, caseId: string) => email(tenantId, caseId);
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

  // No email but each test's own.
  beforeEach(async () => {
    await db.ds.query(`DELETE FROM effects`);
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

  it('finds the councils with an email due across councils, and claims only the scope’s council’s', async () => {
    const emailOfB = await email(w.b.tenantId, w.caseOfB, 'pending');
    const m = db.ds.manager;
    const due = await repo.emailsDueByCouncil(acrossCouncils('sweep'), m, at);
    expect(due).toEqual([{ tenant_id: w.b.tenantId, due: 1 }]);
    // With no version released, every email due is one left to a newer build: only B has one.
    const none = { ids: [], versions: [] };
    await expect(repo.emailsDueOnVersionsNotIn(w.scopeA, m, at, none)).resolves.toEqual([]);
    expect(await repo.emailsDueOnVersionsNotIn(w.scopeB, m, at, none)).toEqual([
      expect.objectContaining({ tenant_id: w.b.tenantId, due: 1 }),
    ]);
    const t = { now: at, leaseUntil: new Date(at.getTime() + 60_000), limit: 10 };
    await expect(repo.claim(w.scopeA, m, t, RELEASED_HERE)).resolves.toEqual([]);
    await expect(statusOf(emailOfB)).resolves.toMatchObject({ attempts: 0 });
    expect((await repo.claim(w.scopeB, m, t, RELEASED_HERE)).map((e) => e.id)).toEqual([emailOfB]);
    await expect(statusOf(emailOfB)).resolves.toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('marks sent and fails none of another council’s emails', async () => {
    const [sentOfB, failedOfB] = [
      await email(w.b.tenantId, w.caseOfB, 'pending'),
      await email(w.b.tenantId, w.caseOfB, 'pending'),
    ];
    const m = db.ds.manager;
    const failure = { id: failedOfB, attempts: 0, permanent: true, error: '550', retryAt: at };
    await repo.markSent(w.scopeA, m, [sentOfB], at);
    await repo.markFailed(w.scopeA, m, failure);
    await expect(statusOf(sentOfB)).resolves.toMatchObject({ status: 'pending' });
    await expect(statusOf(failedOfB)).resolves.toMatchObject({ status: 'pending' });
    await repo.markSent(w.scopeB, m, [sentOfB], at);
    await repo.markFailed(w.scopeB, m, failure);
    await expect(statusOf(sentOfB)).resolves.toMatchObject({ status: 'done' });
    await expect(statusOf(failedOfB)).resolves.toMatchObject({
      status: 'failed',
      last_error: '550',
    });
  });

  it('notes why on none of another council’s request emails sent again', async () => {
    const [emailOfB]: { id: string }[] = await db.ds.query(
      `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at)
       VALUES ($1, $2, 'email', '{"caseVersion": 3, "linkId": "l"}', 'pending', 0, now(), now()) RETURNING id`,
      [w.b.tenantId, w.caseOfB],
    );
    const noteOf = async () =>
      (
        (await db.ds.query(`SELECT payload->>'note' AS note FROM effects WHERE id = $1`, [
          emailOfB.id,
        ])) as { note: string | null }[]
      )[0].note;
    const t = { caseId: w.caseOfB, caseVersion: 3, note: 'A new version replaced it.' };
    await repo.noteOnRequestEmails(w.scopeA, db.ds.manager, t);
    await expect(noteOf()).resolves.toBeNull();
    await repo.noteOnRequestEmails(w.scopeB, db.ds.manager, t);
    await expect(noteOf()).resolves.toBe('A new version replaced it.');
  });
});
