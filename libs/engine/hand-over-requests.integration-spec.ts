import { AuditRepository } from '../audit/audit.repository';
import { DirectoryRepository } from '../directory/directory.repository';
import { CaseRepository } from './case.repository';
import { AppointOfficeHolderUseCase } from '../directory/use-cases/appoint-office-holder.use-case';
import { ChangeOfficeHoldingUseCase } from '../directory/use-cases/change-office-holding.use-case';
import { LinkTokens } from '../links/link-token.service';
import { buildDirectoryWorld, DirectoryWorld } from '../testing/directory-world.factory';
import { absenceCoverService, engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { openBcfCaseBody } from '../testing/world.factory';
import { HandOverRequestsService } from './hand-over-requests.service';
import { HandOverRequestsRepository } from './hand-over-requests.repository';
import { EffectRowsRepository } from './effect-rows.repository';
import { directoryUseCases } from '../testing/directory-use-cases.factory';

/*
 * A new holder takes over open requests: the cases waiting on an office (or on a delegation to it)
 * hand their awaited requests to its new holder once, on the case's own record.
 */
describe('handing open requests to an office’s new holder', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let appoint: AppointOfficeHolderUseCase;
  let changeHolding: ChangeOfficeHoldingUseCase;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    const handOver = new HandOverRequestsService(
      LinkTokens.ephemeral(),
      new CaseRepository(),
      new DirectoryRepository(),
      new AuditRepository(),
      absenceCoverService(db.ds, h.clock),
      new HandOverRequestsRepository(),
      new EffectRowsRepository(),
    );
    const directory = directoryUseCases(db.ds, h.clock, { office: handOver });
    appoint = directory.appointOfficeHolder;
    changeHolding = directory.changeOfficeHolding;
  });
  afterAll(async () => {
    await db.drop();
  });

  const admin = (w: DirectoryWorld) => w.actorOf('admin');

  /** A BCF case sent for agreement: links out to the Chief Executive and the Accountable Officer. */
  async function caseAwaitingAgreement(w: DirectoryWorld): Promise<string> {
    const { caseId } = await h.open.open(openBcfCaseBody(w), w.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, w.actors.officer, {
      expectedVersion: 1,
    });
    return caseId;
  }

  const links = (caseId: string) =>
    db.ds.query(
      `SELECT p.name, l.role, l.request, l.status, l.outcome->>'reason' AS reason
         FROM action_links l JOIN people p ON p.id = l.person_id WHERE l.case_id = $1 ORDER BY p.name, l.created_at`,
      [caseId],
    );
  const holdingOf = async (officeId: string, personId: string) =>
    (
      await db.ds.query(
        'SELECT id, version FROM office_holders WHERE office_id = $1 AND person_id = $2',
        [officeId, personId],
      )
    )[0] as { id: string; version: number };

  it('sends the Chief Executive’s request to the new Chief Executive once, on the case’s record', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const caseId = await caseAwaitingAgreement(w);
    const ceo = w.ids.offices.ceo;
    // Morgan Hale's last day was yesterday: the office is vacant today, and nobody to hand to yet.
    const ended = await changeHolding.change(
      ceo,
      (await holdingOf(ceo, w.ids.people.ceo)).id,
      { expectedVersion: 1, until: '2021-09-30' },
      admin(w),
    );
    expect(ended.handedOver).toEqual([]);
    const appointed = await appoint.appoint(
      ceo,
      { personId: w.ids.people.gp, from: '2021-10-01' },
      admin(w),
    );
    expect(appointed.handedOver).toEqual([
      {
        caseId,
        title: 'Better Care Fund plan 2021/22',
        roles: ['chiefExecutive'],
        requests: [{ role: 'chiefExecutive', message: 'agreement-requested' }],
        version: 3,
      },
    ]);
    expect(await links(caseId)).toEqual([
      {
        name: 'Dr Sam Okafor',
        role: 'chiefExecutive',
        request: 'agreement-requested',
        status: 'open',
        reason: null,
      },
      {
        name: 'Morgan Hale',
        role: 'chiefExecutive',
        request: 'agreement-requested',
        status: 'voided',
        reason: 'the office changed holder',
      },
      expect.objectContaining({ name: 'Priya Natarajan', status: 'open' }),
    ]);
    const emails: { to: string; message: string; actingAs: string }[] = await db.ds.query(
      `SELECT payload->'to'->>'name' AS to, payload->>'message' AS message, payload->>'actingAs' AS "actingAs"
         FROM effects WHERE case_id = $1 AND kind = 'email' AND payload->'to'->>'id' = $2`,
      [caseId, w.ids.people.gp],
    );
    expect(emails).toEqual([
      {
        to: 'Dr Sam Okafor',
        message: 'agreement-requested',
        actingAs: 'Chief Executive, Southampton City Council',
      },
    ]);
    const view = await h.views.get(w.tenantId, caseId);
    expect(view.version).toBe(3);
    const [c] = await db.ds.query('SELECT awaiting_person_ids AS a FROM cases WHERE id = $1', [
      caseId,
    ]);
    expect([...c.a].sort()).toEqual([w.ids.people.ao, w.ids.people.gp].sort());
    const trail = await h.audit.trail(w.tenantId, caseId);
    expect(trail.at(-1)).toMatchObject({
      actor: { kind: 'person', name: 'Riley Shaw' },
      authority: { kind: 'system', job: 'office-holder-changed' },
      event: {
        type: 'ROLE_HOLDER_CHANGED',
        office: { id: ceo, title: 'Chief Executive, Southampton City Council' },
        from: null,
        to: { personId: w.ids.people.gp, name: 'Dr Sam Okafor' },
        on: '2021-10-01',
        requests: [{ role: 'chiefExecutive', message: 'agreement-requested' }],
      },
    });
    expect(trail.at(-1)!.toState).toBe(trail.at(-1)!.fromState);
    expect(await h.audit.verifyCase(w.tenantId, caseId)).toMatchObject({ ok: true, records: 3 });

    // A correction to the new holding changes no one's requests.
    const corrected = await changeHolding.change(
      ceo,
      (await holdingOf(ceo, w.ids.people.gp)).id,
      { expectedVersion: 1, until: '2026-03-31' },
      admin(w),
    );
    expect(corrected.handedOver).toEqual([]);
    expect(await links(caseId)).toHaveLength(3);
    // And the new Chief Executive agrees at once.
    await expect(
      h.send.send(caseId, { type: 'AGREE', as: 'chiefExecutive', payload: {} }, w.actors.gp, {
        expectedVersion: 3,
      }),
    ).resolves.toMatchObject({ version: 4 });
  });

  it('hands the delegated approval to an acting Chair while they act, and back when they stop', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const caseId = await caseAwaitingAgreement(w);
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.ceo, { expectedVersion: 2 });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.ao, { expectedVersion: 3 });
    const chair = w.ids.offices.chair;
    const acting = await appoint.appoint(
      chair,
      { personId: w.ids.people.cabinet, from: '2021-10-01', kind: 'acting' },
      admin(w),
    );
    expect(acting.handedOver).toMatchObject([
      {
        caseId,
        roles: ['delegatedApprover'],
        requests: [{ role: 'delegatedApprover', message: 'approval-requested' }],
      },
    ]);
    const ends = await changeHolding.change(
      chair,
      acting.id,
      { expectedVersion: 1, until: '2021-09-30', from: '2021-09-30' },
      admin(w),
    );
    expect(ends.handedOver).toMatchObject([
      { caseId, requests: [{ role: 'delegatedApprover', message: 'approval-requested' }] },
    ]);
    const open = (await links(caseId)).filter((l: { status: string }) => l.status === 'open');
    expect(open).toEqual([
      expect.objectContaining({ name: 'Cllr Alex Rowe', role: 'delegatedApprover' }),
    ]);
  });

  it('leaves alone a case that no longer waits on the office', async () => {
    const w = await buildDirectoryWorld(db.ds);
    const agreed = await caseAwaitingAgreement(w);
    await h.send.send(agreed, { type: 'AGREE', payload: {} }, w.actors.ceo, { expectedVersion: 2 });
    const ceo = w.ids.offices.ceo;
    await changeHolding.change(
      ceo,
      (await holdingOf(ceo, w.ids.people.ceo)).id,
      { expectedVersion: 1, until: '2021-09-30' },
      admin(w),
    );
    const appointed = await appoint.appoint(
      ceo,
      { personId: w.ids.people.gp, from: '2021-10-01' },
      admin(w),
    );
    expect(appointed.handedOver).toEqual([]);
    const [c] = await db.ds.query('SELECT version FROM cases WHERE id = $1', [agreed]);
    expect(c.version).toBe(3);
  });
});
