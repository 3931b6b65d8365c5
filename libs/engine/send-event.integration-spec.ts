import { AuditRepository } from '../audit/audit.repository';
import { DirectoryRepository } from '../directory/directory.repository';
import { LinkTokens } from '../links/link-token.service';
import { engineHarness, sendEventUseCase } from '../testing/engine-harness.service';
import { findTemplate } from '../workflows/template.registry';
import { CaseRepository } from './case.repository';
import { EffectPlanner, PlanContext } from './effect-planner.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';

describe('sending events to a BCF delegated sign-off case', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function openCase() {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    return { world, h, caseId };
  }

  it('records the delegation the HWBB chair approved under', async () => {
    const { world, h, caseId } = await openCase();
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, {
      expectedVersion: 2,
    });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, {
      expectedVersion: 3,
    });
    const result = await h.send.send(caseId, { type: 'APPROVE', payload: {} }, world.actors.chair, {
      expectedVersion: 4,
    });
    expect(result.authority).toMatchObject({
      kind: 'delegation',
      delegationId: world.ids.delegations.bcfApproval,
    });
    const trail = await h.audit.trail(world.tenantId, caseId);
    expect(trail.at(-1)?.authority).toMatchObject({
      kind: 'delegation',
      delegationId: world.ids.delegations.bcfApproval,
    });
    expect((await h.views.get(world.tenantId, caseId)).state.key).toBe(
      'preSubmission.readyToSubmit',
    );
  });

  it('refuses a stale version with VERSION_CONFLICT and changes nothing', async () => {
    const { world, h, caseId } = await openCase();
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await expect(
      h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, { expectedVersion: 1 }),
    ).rejects.toMatchObject({
      code: 'VERSION_CONFLICT',
    });
    expect((await h.views.get(world.tenantId, caseId)).version).toBe(2);
  });

  it('refuses approval by someone who holds neither the office nor the delegation', async () => {
    const { world, h, caseId } = await openCase();
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await expect(
      h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.gp, { expectedVersion: 2 }),
    ).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
  });

  it('refuses approval under a delegation that has been revoked', async () => {
    const { world, h, caseId } = await openCase();
    for (const [type, who, v] of [
      ['SEEK_AGREEMENT', 'officer', 1],
      ['AGREE', 'ao', 2],
      ['AGREE', 'ceo', 3],
    ] as const) {
      await h.send.send(caseId, { type, payload: {} }, world.actors[who], { expectedVersion: v });
    }
    await db.ds.query('UPDATE delegations SET revoked_at = $2 WHERE id = $1', [
      world.ids.delegations.bcfApproval,
      h.clock.now(),
    ]);
    await expect(
      h.send.send(caseId, { type: 'APPROVE', payload: {} }, world.actors.chair, {
        expectedVersion: 4,
      }),
    ).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
  });

  it('returns the plan to drafting and clears both agreements when the Accountable Officer rejects', async () => {
    const { world, h, caseId } = await openCase();
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, {
      expectedVersion: 2,
    });
    await h.send.send(
      caseId,
      { type: 'REJECT', payload: { reasons: 'Discharge metrics are missing.' } },
      world.actors.ao,
      { expectedVersion: 3 },
    );
    const view = await h.views.get(world.tenantId, caseId);
    expect(view.state.key).toBe('preSubmission.drafting');
    expect(view.context).toMatchObject({
      agreements: { chiefExecutive: false, accountableOfficer: false },
    });
    expect(view.state.summary).toContain('Discharge metrics are missing.');
  });
});

describe('declared interests on a BCF case', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('withdraws the Accountable Officer on a pecuniary interest until the officer reassigns the role to a deputy', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await h.send.send(
      caseId,
      {
        type: 'DECLARE_INTEREST',
        payload: {
          nature: 'disclosablePecuniary',
          details: 'My spouse directs a care provider in the plan.',
        },
      },
      world.actors.ao,
      { expectedVersion: 2 },
    );
    const withdrawn = await h.views.get(world.tenantId, caseId);
    expect(withdrawn.state.summary).toContain(
      'the Accountable Officer declared an interest and withdrew',
    );
    expect(withdrawn.awaiting.map((a) => a.role).sort()).toEqual(['chiefExecutive', 'officer']);
    await expect(
      h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, { expectedVersion: 3 }),
    ).rejects.toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
    });

    await h.send.send(
      caseId,
      {
        type: 'REASSIGN_ROLE',
        payload: { reassign: 'accountableOfficer', holderId: world.ids.offices.deputyAo },
      },
      world.actors.officer,
      { expectedVersion: 3 },
    );
    const asked: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM effects WHERE case_id = $1 AND payload->>'message' = 'agreement-requested' AND payload->'to'->>'id' = $2`,
      [caseId, world.ids.people.gp],
    );
    expect(asked[0].n).toBe(1);
    const agreed = await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.gp, {
      expectedVersion: 4,
    });
    expect(agreed.authority).toMatchObject({
      kind: 'office',
      officeTitle: 'Deputy Accountable Officer, NHS Southampton City CCG',
    });
    await expect(
      h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, { expectedVersion: 5 }),
    ).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
  });

  it('records another interest and lets the member take part', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await h.send.send(
      caseId,
      {
        type: 'DECLARE_INTEREST',
        payload: { nature: 'other', details: 'Governor of a local trust.' },
      },
      world.actors.ceo,
      {
        expectedVersion: 2,
      },
    );
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, {
      expectedVersion: 3,
    });
    const view = await h.views.get(world.tenantId, caseId);
    expect(view.context).toMatchObject({
      interests: [{ role: 'chiefExecutive', nature: 'other' }],
      withdrawn: [],
    });
  });
});

describe('the directory behind each send', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('sees a change of office holder at the very next event, however recently the directory was read', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    // The Chief Executive leaves office; the deputy CCG officer's person takes it (any other holder will do).
    await db.ds.query(`UPDATE office_holders SET held_until = '2021-09-30' WHERE office_id = $1`, [
      world.ids.offices.ceo,
    ]);
    await db.ds.query(
      `INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind)
       SELECT tenant_id, id, $2, '2021-10-01', 'substantive' FROM offices WHERE id = $1`,
      [world.ids.offices.ceo, world.ids.people.gp],
    );
    await expect(
      h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, { expectedVersion: 2 }),
    ).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    const agreed = await h.send.send(
      caseId,
      { type: 'AGREE', as: 'chiefExecutive', payload: {} },
      world.actors.gp,
      { expectedVersion: 2 },
    );
    expect(agreed.authority).toMatchObject({
      kind: 'office',
      officeTitle: 'Chief Executive, Southampton City Council',
    });
  });

  it('prepares its statements by name, unless the settings say the pooler cannot keep them', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const pool = (db.ds.driver as unknown as { master: { query: (...a: unknown[]) => unknown } })
      .master;
    const spy = jest.spyOn(pool, 'query');
    const names = () =>
      spy.mock.calls.map((c) => (c[0] as { name?: string }).name ?? null).filter((n) => n !== null);
    try {
      await sendEventUseCase(db.ds, h.clock, {
        DATABASE_NAMED_STATEMENTS: 'true',
      }).send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
        expectedVersion: 1,
      });
      expect(names().length).toBe(2);
      spy.mockClear();
      await sendEventUseCase(db.ds, h.clock, {
        DATABASE_NAMED_STATEMENTS: 'false',
      }).send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, { expectedVersion: 2 });
      expect(spy.mock.calls.length).toBe(2);
      expect(names()).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('never reuses a directory version that a rolled-back change took, so a cached read of it cannot come back', async () => {
    const world = await buildBcfWorld(db.ds);
    const version = async () =>
      Number(
        (
          await db.ds.query('SELECT directory_version FROM tenants WHERE tenant_id = $1', [
            world.tenantId,
          ])
        )[0].directory_version,
      );
    const before = await version();
    let seenInside = 0;
    await expect(
      db.ds.transaction(async (m) => {
        await m.query('UPDATE offices SET title = title WHERE id = $1', [world.ids.offices.ceo]);
        seenInside = Number(
          (
            await m.query('SELECT directory_version FROM tenants WHERE tenant_id = $1', [
              world.tenantId,
            ])
          )[0].directory_version,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(seenInside).not.toBe(before);
    await expect(version()).resolves.toBe(before);
    await db.ds.query('UPDATE offices SET title = title WHERE id = $1', [world.ids.offices.ceo]);
    const after = await version();
    expect([after === before, after === seenInside]).toEqual([false, false]);
  });
});

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
    const row = (await cases.findForSend(db.ds.manager, world.tenantId, caseId))!;
    const holders = await new DirectoryRepository().roleHolders(
      db.ds.manager,
      world.tenantId,
      row.roles,
      row.createdBy,
      '2021-10-01',
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
    const batch = new EffectPlanner(LinkTokens.ephemeral()).plan(
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
      cases.advance(
        db.ds.manager,
        { tenantId: world.tenantId, id: caseId, expectedVersion },
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
      );

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
