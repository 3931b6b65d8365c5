import { engineHarness } from '../testing/engine-harness.service';
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
