import { AuditRepository } from '../audit/audit.repository';
import { tenantScope } from '../core/tenant-scope';
import { DirectoryRepository } from '../directory/directory.repository';
import { LinkTokens } from '../links/link-token.service';
import { engineHarness } from '../testing/engine-harness.service';
import { findTemplate } from '../workflows/template.registry';
import { CaseRepository } from './case.repository';
import { EffectPlanner, PlanContext } from './effect-planner.service';
import { EffectRowsRepository } from './effect-rows.repository';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';

describe('the one statement that advances a case', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(25);
  });
  afterAll(async () => {
    await db.drop();
  });

  /** Every row a send can write or change, for one case. */
  async function rows(caseId: string) {
    const [r]: Record<string, number>[] = await db.ds.query(
      `SELECT (SELECT version FROM cases WHERE id = $1) AS version,
              (SELECT count(*)::int FROM case_events WHERE case_id = $1) AS events,
              (SELECT count(*)::int FROM audit_records WHERE case_id = $1) AS audit,
              (SELECT count(*)::int FROM effects WHERE case_id = $1) AS effects,
              (SELECT count(*)::int FROM action_links WHERE case_id = $1) AS links,
              (SELECT count(*)::int FROM action_links WHERE case_id = $1 AND status = 'open') AS "openLinks",
              (SELECT count(*)::int FROM deadlines WHERE case_id = $1) AS deadlines,
              (SELECT count(*)::int FROM deadlines WHERE case_id = $1 AND status = 'cancelled') AS cancelled`,
      [caseId],
    );
    return r;
  }

  it('writes the event, the audit link, emails, links, voids, deadlines and cancellations only if the version check passes', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    // A pending deadline for the cancellation to find.
    await db.ds.query(
      `INSERT INTO deadlines (tenant_id, case_id, key, kind, event, due_at, status, armed_at_version)
       VALUES ($1, $2, 'noting', 'deadline', '{}', now() + interval '1 day', 'pending', 2)`,
      [world.tenantId, caseId],
    );
    const template = findTemplate('bcf-delegated-sign-off', 1)!;
    const cases = new CaseRepository();
    const row = (await cases.findForSend(tenantScope(world.tenantId), db.ds.manager, caseId))!;
    const holders = await new DirectoryRepository().roleHolders(
      tenantScope(world.tenantId),
      db.ds.manager,
      row.roles,
      row.createdBy,
      '2021-10-01',
      template.roleWords,
    );
    const now = h.clock.now();
    const ctx: PlanContext = {
      tenantId: world.tenantId,
      caseId,
      caseTitle: row.title,
      version: 3,
      now,
      holders,
      template,
      context: (row.snapshot as { context: unknown }).context,
      awaiting: ['delegatedApprover'],
    };
    const batch = new EffectPlanner(LinkTokens.ephemeral(), new EffectRowsRepository()).plan(
      [
        { type: 'notify', params: { message: 'approval-requested', to: ['delegatedApprover'] } },
        {
          type: 'armDeadline',
          params: { key: 'submission', date: '2031-11-16', remindWorkingDaysBefore: [5] },
        },
        { type: 'cancelDeadline', params: { key: 'noting' } },
      ],
      ctx,
      row.documents,
    );
    const link = {
      tenantId: world.tenantId,
      caseId,
      seq: 3,
      recordedAt: now,
      actor: { kind: 'test' },
      authority: { kind: 'officer', role: 'officer' },
      event: { type: 'TEST' },
      fromState: row.stateKey,
      toState: row.stateKey,
    };
    const hash = AuditRepository.hashOf(link, row.auditHead);
    const advance = (expectedVersion: number) =>
      cases
        .advance(
          tenantScope(world.tenantId),
          db.ds.manager,
          { id: caseId, expectedVersion },
          {
            snapshot: row.snapshot,
            stateKey: row.stateKey,
            summary: row.summary,
            awaitingPersonIds: [],
            at: now,
            closed: false,
            auditHead: hash,
          },
          { type: 'TEST', payload: {}, actorPersonId: null, authority: link.authority },
          (advanced, p) => [
            AuditRepository.appendAfter(advanced, link, row.auditHead, hash, p),
            ...batch.statements(ctx, p, advanced),
          ],
        )
        .then((advanced) => advanced !== null);

    const before = await rows(caseId);
    expect(before).toMatchObject({ version: 2, openLinks: 2, cancelled: 0 });
    expect(await advance(1)).toBe(false);
    expect(await rows(caseId)).toEqual(before);

    expect(await advance(2)).toBe(true);
    expect(await rows(caseId)).toEqual({
      version: 3,
      events: before.events + 1,
      audit: before.audit + 1,
      effects: before.effects + 1,
      links: before.links + 1,
      openLinks: 1, // the two agreement requests closed with their step; the approval request opened
      deadlines: before.deadlines + 2, // the submission deadline and its reminder
      cancelled: 1,
    });
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({ ok: true });
  });

  it('lets one of many racing senders through, and none of the others writes anything', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const before = await rows(caseId);
    // No expectedVersion: every sender that read version 1 reaches the write.
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(['VERSION_CONFLICT', 'EVENT_NOT_ALLOWED']).toContain(r.reason.code);
    }
    expect(await rows(caseId)).toEqual({
      ...before,
      version: 2,
      events: before.events + 1,
      audit: before.audit + 1,
      effects: before.effects + 2, // one agreement request to each signatory
      links: before.links + 2,
      openLinks: 2,
    });
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toMatchObject({
      ok: true,
      records: 2,
    });
  });
});
