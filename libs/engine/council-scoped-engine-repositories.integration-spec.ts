import { randomUUID } from 'node:crypto';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { acrossCouncils } from '../core/across-councils';
import { CaseViewRepository } from './case-view.repository';
import { DeadlineSweepRepository } from './deadline-sweep.repository';
import { RELEASED_HERE } from '../workflows/template.registry';
import { WriteBatch, type PlanContext } from './effect-planner.service';
import { EffectRowsRepository } from './effect-rows.repository';
import { HandOverRequestsRepository } from './hand-over-requests.repository';
import { OfficerDashboardRepository } from './officer-dashboard.repository';

/*
 * The engine's repositories that took over its services' SQL (issue #14 item 3) take the council's
 * scope: scoped to council A, they read and change nothing of council B's cases, whichever of B's
 * ids they are given. The calls run outside every request's and worker's scope, where row-level
 * security lets every row through (ADR 0015): what keeps B's rows out is the repository's own clause.
 */
describe('the engine’s repositories scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    // Each council's case has a deadline pending and an email that failed.
    for (const [tenantId, caseId] of [
      [w.a.tenantId, w.caseOfA],
      [w.b.tenantId, w.caseOfB],
    ]) {
      await db.ds.query(
        `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
         VALUES ($1, $2, 'national-submission', 'deadline',
                 '{"type":"DEADLINE_PASSED","key":"national-submission"}', '2021-10-02T00:00:00Z', 'pending', 1)`,
        [tenantId, caseId],
      );
      await db.ds.query(
        `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, last_error, available_at, created_at)
         VALUES ($1, $2, 'email', $3, 'failed', 5, 'mailbox full', now(), now())`,
        [
          tenantId,
          caseId,
          JSON.stringify({
            message: 'agreement-requested',
            role: 'chiefExecutive',
            to: { name: 'C' },
          }),
        ],
      );
    }
    // B's case has a request open with B's chief executive.
    await db.ds.query(
      `INSERT INTO action_links (tenant_id, case_id, person_id, role, request, allowed_responses,
                                 document_hashes, token_hash, status, created_at)
       VALUES ($1, $2, $3, 'chiefExecutive', 'agreement-requested', '{}', '[]', md5(random()::text), 'open', now())`,
      [w.b.tenantId, w.caseOfB, w.b.ids.people.ceo],
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('reads none of another council’s case’s deadlines or failed emails for its view', async () => {
    const views = new CaseViewRepository();
    const m = db.ds.manager;
    await expect(views.pendingDeadlines(w.scopeA, m, w.caseOfB)).resolves.toEqual([]);
    expect(await views.pendingDeadlines(w.scopeB, m, w.caseOfB)).not.toEqual([]);
    await expect(views.failedEmails(w.scopeA, m, w.caseOfB)).resolves.toEqual([]);
    expect(await views.failedEmails(w.scopeB, m, w.caseOfB)).toHaveLength(1);
    const both = [w.caseOfA, w.caseOfB];
    const deadlines = await views.pendingDeadlinesOfCases(w.scopeA, m, both);
    expect(deadlines.length).toBeGreaterThan(0);
    expect(new Set(deadlines.map((d) => d.case_id))).toEqual(new Set([w.caseOfA]));
    const failed = await views.failedEmailsOfCases(w.scopeA, m, both);
    expect(failed.map((f) => f.case_id)).toEqual([w.caseOfA]);
  });

  it('lists none of another council’s deadlines at risk on the dashboard', async () => {
    const dashboard = new OfficerDashboardRepository();
    const until = new Date('2100-01-01T00:00:00Z');
    const ofA = await dashboard.deadlinesDueBy(w.scopeA, db.ds.manager, until, 25);
    expect(ofA.length).toBeGreaterThan(0);
    expect(new Set(ofA.map((d) => d.case_id))).toEqual(new Set([w.caseOfA]));
  });

  it('finds none of another council’s case’s open requests to hand over', async () => {
    const requests = new HandOverRequestsRepository();
    const m = db.ds.manager;
    const [roles, messages] = [['chiefExecutive'], ['agreement-requested']];
    await expect(requests.openRequests(w.scopeA, m, w.caseOfB, roles, messages)).resolves.toEqual(
      [],
    );
    await expect(requests.openRequests(w.scopeB, m, w.caseOfB, roles, messages)).resolves.toEqual([
      { role: 'chiefExecutive', message: 'agreement-requested', personId: w.b.ids.people.ceo },
    ]);
  });

  it('reads none of another council’s case’s documents, and voids or cancels nothing of it', async () => {
    const rows = new EffectRowsRepository();
    const m = db.ds.manager;
    await db.ds.query(
      `INSERT INTO documents (id, tenant_id, case_id, name, kind, file_name, media_type, sha256, size_bytes,
                              uploaded_by, uploaded_at, series_id, version)
       VALUES ($4, $1, $2, 'Plan', 'plan', 'plan.txt', 'text/plain', md5('plan'), 4, $3, now(), $4, 1)`,
      [w.b.tenantId, w.caseOfB, w.b.ids.people.officer, randomUUID()],
    );
    await expect(rows.currentDocuments(w.scopeA, m, w.caseOfB)).resolves.toEqual([]);
    expect(await rows.currentDocuments(w.scopeB, m, w.caseOfB)).toHaveLength(1);

    // A batch that closes every open link of the case and cancels its deadline, scoped to A.
    const batch = new WriteBatch([]);
    batch.cancel('national-submission');
    const ctx = { tenantId: w.a.tenantId, caseId: w.caseOfB, now: new Date() } as PlanContext;
    const left = async () =>
      (
        await db.ds.query(
          `SELECT (SELECT count(*) FROM action_links WHERE case_id = $1 AND status = 'open')::int AS links,
                  (SELECT count(*) FROM deadlines WHERE case_id = $1 AND status = 'pending')::int AS deadlines`,
          [w.caseOfB],
        )
      )[0] as { links: number; deadlines: number };
    const before = await left();
    expect(before.links).toBeGreaterThan(0);
    expect(before.deadlines).toBeGreaterThan(0);
    await rows.write(w.scopeA, m, batch, ctx);
    await expect(left()).resolves.toEqual(before);
    await expect(
      rows.write(w.scopeA, m, batch, { ...ctx, tenantId: w.b.tenantId }),
    ).rejects.toThrow(/written in council/);
  });

  it('claims, reads and settles none of another council’s due deadlines in the sweep', async () => {
    const sweep = new DeadlineSweepRepository();
    const now = new Date('2100-01-01T00:00:00Z');
    // B's most overdue row, before any of A's.
    const [{ id: early }] = await db.ds.query(
      `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
       VALUES ($1, $2, 'early', 'deadline', '{"type":"DEADLINE_PASSED","key":"early"}', '2000-01-01T00:00:00Z',
               'pending', 1) RETURNING id`,
      [w.b.tenantId, w.caseOfB],
    );
    const due = await sweep.dueByCouncil(acrossCouncils('sweep'), db.ds, now);
    expect(due.map((g) => g.tenant_id)).toEqual(
      expect.arrayContaining([w.a.tenantId, w.b.tenantId]),
    );
    // With no version released, every due row is one left to a newer build: only A's are counted.
    const none = { ids: [], versions: [] };
    const leftOfA = await sweep.dueOnVersionsNotIn(w.scopeA, db.ds, now, none);
    expect(leftOfA.length).toBeGreaterThan(0);
    expect(new Set(leftOfA.map((g) => g.tenant_id))).toEqual(new Set([w.a.tenantId]));
    await db.ds.transaction(async (m) => {
      const claimed = await sweep.claimBatch(w.scopeA, m, now, 100, RELEASED_HERE);
      expect(claimed.length).toBeGreaterThan(0);
      expect(new Set(claimed.map((r) => r.case_id))).toEqual(new Set([w.caseOfA]));
      expect((await sweep.claimOne(w.scopeA, m, now, RELEASED_HERE))?.case_id).toBe(w.caseOfA);
      await expect(sweep.standing(w.scopeA, m, early)).resolves.toBeUndefined();
      await expect(sweep.standing(w.scopeB, m, early)).resolves.toEqual({
        pending: true,
        superseded: false,
      });
      await sweep.settleBatch(w.scopeA, m, [{ id: early, status: 'stale' }], now);
      await sweep.settle(w.scopeA, m, early, 'fired', now);
      await sweep.settle(w.scopeA, m, early, 'suspended', now);
      await expect(sweep.standing(w.scopeB, m, early)).resolves.toEqual({
        pending: true,
        superseded: false,
      });
    });
  });
});
