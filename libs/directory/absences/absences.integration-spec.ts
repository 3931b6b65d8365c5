import { AbsenceRepository } from './absence.repository';
import { DomainError, NotAuthorisedError } from '../../errors/domain.errors';
import { withViceChairDelegation } from '../../testing/absence-world.factory';
import { buildDirectoryWorld, type DirectoryWorld } from '../../testing/directory-world.factory';
import { absenceCoverService, engineHarness } from '../../testing/engine-harness.service';
import { openTestDatabase, type TestDatabase } from '../../testing/test-database.service';
import { openBcfCaseBody } from '../../testing/world.factory';
import { GrantDelegationUseCase } from '../use-cases/grant-delegation.use-case';
import type { CancelAbsenceUseCase } from './cancel-absence.use-case';
import { RecordAbsenceUseCase } from './record-absence.use-case';
import { ScheduledCoverUseCase } from './scheduled-cover.use-case';
import { absenceUseCases, directoryUseCases } from '../../testing/directory-use-cases.factory';

/*
 * Absence cover (issue #15, ADR 0033): a person away with a deputy who holds a suitable
 * delegation; the refusals name their rules; the open cases' roles go to the deputy by the
 * engine's reassignment when the absence begins, and nothing moves back when it ends.
 */
describe('absence cover', () => {
  const absences = new AbsenceRepository();
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let record: RecordAbsenceUseCase;
  let cancel: CancelAbsenceUseCase;
  let scheduled: ScheduledCoverUseCase;
  let grant: GrantDelegationUseCase;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    const cover = absenceCoverService(db.ds, h.clock);
    ({ record, cancel } = absenceUseCases(db.ds, h.clock, cover));
    scheduled = new ScheduledCoverUseCase(db.ds, h.clock, absences, cover);
    grant = directoryUseCases(db.ds, h.clock).grantDelegation;
  });
  beforeEach(() => h.clock.set('2021-10-01T09:00:00Z'));
  afterAll(async () => {
    await db.drop();
  });

  const world = () => buildDirectoryWorld(db.ds, withViceChairDelegation);

  /** The refusal's code, rule and fields, or a failure if it was accepted. */
  async function refusal(p: Promise<unknown>) {
    const e: unknown = await p.then(
      () => new Error('accepted'),
      (x: unknown) => x,
    );
    if (!(e instanceof DomainError)) throw e;
    const { rule, problems } = e.extra as { rule?: string; problems?: { path: string }[] };
    return { code: e.code, rule, fields: (problems ?? []).map((x) => x.path), detail: e.detail };
  }

  /** A BCF case agreed by both partners: the Chair's approval under delegation is asked for. */
  async function caseAwaitingApproval(w: DirectoryWorld): Promise<string> {
    const { caseId } = await h.open.open(openBcfCaseBody(w), w.actors.officer);
    const send = (type: string, actor = w.actors.officer, v = 1) =>
      h.send.send(caseId, { type, payload: {} }, actor, { expectedVersion: v });
    await send('SEEK_AGREEMENT', w.actors.officer, 1);
    await send('AGREE', w.actors.ceo, 2);
    await send('AGREE', w.actors.ao, 3);
    return caseId;
  }

  const links = (caseId: string) =>
    db.ds.query(
      `SELECT p.name, l.role, l.request, l.status, l.outcome->>'reason' AS reason
         FROM action_links l JOIN people p ON p.id = l.person_id
        WHERE l.case_id = $1 AND l.role = 'delegatedApprover' ORDER BY p.name, l.created_at`,
      [caseId],
    );

  const chairAway = (w: DirectoryWorld, more: Record<string, unknown> = {}) => ({
    deputyPersonId: w.ids.people.cabinet,
    firstDay: '2021-10-01',
    lastDay: '2021-10-08',
    ...more,
  });

  it('refuses an absence whose days, deputy or delegation break a rule, naming the rule and the field', async () => {
    const w = await world();
    const chair = w.actors.chair;
    expect(
      await refusal(record.record(chairAway(w, { lastDay: '2021-09-30' }), chair)),
    ).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'ABSENCE_ENDS_BEFORE_IT_STARTS',
      fields: ['lastDay'],
      detail: expect.stringContaining('30 September 2021, is before the first, 1 October 2021'),
    });
    expect(
      await refusal(record.record(chairAway(w, { firstDay: '2021-09-30' }), chair)),
    ).toMatchObject({ rule: 'ABSENCE_STARTS_IN_THE_PAST', fields: ['firstDay'] });
    expect(
      await refusal(record.record(chairAway(w, { deputyPersonId: w.ids.people.chair }), chair)),
    ).toMatchObject({ rule: 'DEPUTY_IS_THE_PERSON_AWAY', fields: ['deputyPersonId'] });
    // Dr Sam Okafor holds the Deputy Accountable Officer's office, and no delegation of the Board's.
    expect(
      await refusal(record.record(chairAway(w, { deputyPersonId: w.ids.people.gp }), chair)),
    ).toMatchObject({
      rule: 'DEPUTY_HAS_NO_SUITABLE_DELEGATION',
      fields: ['deputyPersonId'],
      detail: expect.stringContaining('Dr Sam Okafor holds no delegation in force'),
    });
    expect(await refusal(record.record({ ...chairAway(w), note: 7 }, chair))).toMatchObject({
      code: 'INVALID_INPUT',
      fields: ['note'],
    });
    // Someone else's absence is an administrator's to record.
    expect(
      await refusal(record.record({ ...chairAway(w), personId: w.ids.people.chair }, w.actors.gp)),
    ).toMatchObject({ code: 'NOT_AUTHORISED' });
    const none: unknown[] = await db.ds.query('SELECT id FROM absences WHERE tenant_id = $1', [
      w.tenantId,
    ]);
    expect(none).toEqual([]);
  });

  it('refuses a deputy who is away themselves, and a second absence over the same days', async () => {
    const w = await world();
    // The Vice-Chair is away the week after, with the Chair as deputy (the Board's delegation to the Chair).
    await record.record(
      {
        deputyPersonId: w.ids.people.chair,
        firstDay: '2021-10-06',
        lastDay: '2021-10-12',
      },
      w.actors.cabinet,
    );
    // The Chair's days overlap the Vice-Chair's absence.
    expect(
      await refusal(
        record.record(
          chairAway(w, { firstDay: '2021-10-10', lastDay: '2021-10-11' }),
          w.actors.chair,
        ),
      ),
    ).toMatchObject({
      rule: 'DEPUTY_IS_AWAY',
      fields: ['deputyPersonId'],
      detail: expect.stringContaining(
        'Cllr Chris Lane is away themselves from 6 October 2021 to 12 October 2021',
      ),
    });
    expect(
      await refusal(
        record.record(
          chairAway(w, {
            firstDay: '2021-10-10',
            lastDay: '2021-10-11',
            deputyPersonId: w.ids.people.gp,
          }),
          w.actors.chair,
        ),
      ),
    ).toMatchObject({ rule: 'ABSENCE_WHILE_COVERING', fields: ['firstDay'] });
    const admin = w.actorOf('admin');
    expect(
      await refusal(
        record.record(
          {
            personId: w.ids.people.cabinet,
            deputyPersonId: w.ids.people.chair,
            firstDay: '2021-10-10',
            lastDay: '2021-10-20',
          },
          admin,
        ),
      ),
    ).toMatchObject({ rule: 'ABSENCE_OVERLAPS_ANOTHER', fields: ['firstDay'] });
  });

  it('hands the Chair’s awaited approval to the Vice-Chair when the absence begins today, on the case’s record', async () => {
    const w = await world();
    const caseId = await caseAwaitingApproval(w);
    const recorded = await record.record(chairAway(w, { note: 'Annual leave' }), w.actors.chair);
    expect(recorded).toMatchObject({
      person: { id: w.ids.people.chair, name: 'Cllr Alex Rowe' },
      deputy: { id: w.ids.people.cabinet, name: 'Cllr Chris Lane' },
      delegation: { id: w.ids.delegations.bcfApprovalVice, scope: 'bcf-plan-approval' },
      covered: true,
      handedOver: [
        {
          caseId,
          title: 'Better Care Fund plan 2021/22',
          roles: ['delegatedApprover'],
          notCovered: [],
        },
      ],
    });
    expect(await links(caseId)).toEqual([
      {
        name: 'Cllr Alex Rowe',
        role: 'delegatedApprover',
        request: 'approval-requested',
        status: 'voided',
        reason: 'the role was reassigned',
      },
      {
        name: 'Cllr Chris Lane',
        role: 'delegatedApprover',
        request: 'approval-requested',
        status: 'open',
        reason: null,
      },
    ]);
    const trail = await h.audit.trail(w.tenantId, caseId);
    expect(trail.at(-1)).toMatchObject({
      actor: { kind: 'person', name: 'Cllr Alex Rowe' },
      authority: { kind: 'system', job: 'absence-cover' },
      event: {
        type: 'ROLE_REASSIGNED',
        role: 'delegatedApprover',
        reason:
          'Cllr Alex Rowe is away from 1 October 2021 to 8 October 2021; Cllr Chris Lane covers as their deputy.',
        cover: { absenceId: recorded.id, deputy: { name: 'Cllr Chris Lane' } },
        to: { binding: { kind: 'delegation', delegationId: w.ids.delegations.bcfApprovalVice } },
      },
    });
    expect(await h.audit.verifyCase(w.tenantId, caseId)).toMatchObject({ ok: true });
    // The deputy approves under the Board's delegation to the Vice-Chair; the Chair no longer can.
    await expect(
      h.send.send(caseId, { type: 'APPROVE', payload: {} }, w.actors.chair, { expectedVersion: 5 }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
    await h.send.send(caseId, { type: 'APPROVE', payload: {} }, w.actors.cabinet, {
      expectedVersion: 5,
    });
    expect((await h.audit.trail(w.tenantId, caseId)).at(-1)).toMatchObject({
      actor: { name: 'Cllr Chris Lane' },
      authority: { kind: 'delegation', delegationId: w.ids.delegations.bcfApprovalVice },
    });
    const changes: { action: string }[] = await db.ds.query(
      `SELECT action FROM directory_changes WHERE tenant_id = $1 AND subject = 'absence'`,
      [w.tenantId],
    );
    expect(changes).toEqual([{ action: 'recorded' }]);
  });

  it('hands over an absence recorded ahead on its first day, once, a case opened meanwhile on the next run, and moves nothing back when it ends', async () => {
    const w = await world();
    const caseId = await caseAwaitingApproval(w);
    const ahead = await record.record(
      chairAway(w, { firstDay: '2021-10-04', lastDay: '2021-10-05' }),
      w.actors.chair,
    );
    expect(ahead).toMatchObject({ covered: false, handedOver: [] });
    expect((await scheduled.run()).handedOver).toEqual([]);
    h.clock.set('2021-10-04T06:00:00Z');
    const first = await scheduled.run();
    expect(first.handedOver).toEqual([
      expect.objectContaining({ caseId, roles: ['delegatedApprover'] }),
    ]);
    expect((await scheduled.run()).handedOver).toEqual([]);
    // A case that reaches the Chair while they are away goes to the deputy as it does, not on a run.
    const later = await caseAwaitingApproval(w);
    expect((await scheduled.run()).handedOver).toEqual([]);
    expect(await links(later)).toEqual([
      expect.objectContaining({ name: 'Cllr Chris Lane', status: 'open' }),
    ]);
    h.clock.set('2021-10-06T09:00:00Z');
    expect((await scheduled.run()).handedOver).toEqual([]);
    const open = (await links(caseId)).filter((l: { status: string }) => l.status === 'open');
    expect(open).toEqual([expect.objectContaining({ name: 'Cllr Chris Lane' })]);
    const [c] = await db.ds.query('SELECT roles FROM cases WHERE id = $1', [caseId]);
    expect(c.roles.delegatedApprover).toEqual({
      kind: 'delegation',
      delegationId: w.ids.delegations.bcfApprovalVice,
    });
  });

  it('cancels an absence ahead: nothing is handed over on its day, and the record says who cancelled it', async () => {
    const w = await world();
    const caseId = await caseAwaitingApproval(w);
    const ahead = await record.record(
      chairAway(w, { firstDay: '2021-10-04', lastDay: '2021-10-05' }),
      w.actors.chair,
    );
    expect(
      await refusal(cancel.cancel(ahead.id, { expectedVersion: 9 }, w.actors.chair)),
    ).toMatchObject({ code: 'VERSION_CONFLICT' });
    expect(
      await refusal(cancel.cancel(ahead.id, { expectedVersion: 1 }, w.actors.gp)),
    ).toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    const cancelled = await cancel.cancel(ahead.id, { expectedVersion: 1 }, w.actors.chair);
    expect(cancelled).toMatchObject({ cancelled: true, version: 2 });
    h.clock.set('2021-10-04T06:00:00Z');
    expect((await scheduled.run()).handedOver).toEqual([]);
    expect(await links(caseId)).toEqual([
      expect.objectContaining({ name: 'Cllr Alex Rowe', status: 'open' }),
    ]);
    const changes: { action: string; name: string }[] = await db.ds.query(
      `SELECT action, actor->>'name' AS name FROM directory_changes
        WHERE tenant_id = $1 AND subject = 'absence' ORDER BY seq`,
      [w.tenantId],
    );
    expect(changes).toEqual([
      { action: 'recorded', name: 'Cllr Alex Rowe' },
      { action: 'cancelled', name: 'Cllr Alex Rowe' },
    ]);
  });

  it('gives an office’s role to the office its holder delegated to, when an administrator records the absence', async () => {
    const w = await world();
    const caseId = (await h.open.open(openBcfCaseBody(w), w.actors.officer)).caseId;
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, w.actors.officer, {
      expectedVersion: 1,
    });
    const admin = w.actorOf('admin');
    // The Accountable Officer delegates to the Deputy Accountable Officer (Dr Sam Okafor).
    await grant.grant(
      {
        delegatorOfficeId: w.ids.offices.ao,
        delegateOfficeId: w.ids.offices.deputyAo,
        scope: 'accountable-officer-cover',
        reference: 'CCG scheme of reservation and delegation, 4.2',
        validFrom: '2021-01-01',
      },
      admin,
    );
    const away = await record.record(
      {
        personId: w.ids.people.ao,
        deputyPersonId: w.ids.people.gp,
        firstDay: '2021-10-01',
        lastDay: '2021-10-01',
      },
      admin,
    );
    expect(away.handedOver).toEqual([
      expect.objectContaining({ caseId, roles: ['accountableOfficer'], notCovered: [] }),
    ]);
    const [c] = await db.ds.query('SELECT roles FROM cases WHERE id = $1', [caseId]);
    expect(c.roles.accountableOfficer).toEqual({
      kind: 'office',
      officeId: w.ids.offices.deputyAo,
    });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.gp, { expectedVersion: 3 });
  });
  it('hands nothing to a deputy whose delegation was revoked after the absence was recorded', async () => {
    const w = await world();
    const caseId = (await h.open.open(openBcfCaseBody(w), w.actors.officer)).caseId;
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, w.actors.officer, {
      expectedVersion: 1,
    });
    const admin = w.actorOf('admin');
    const cover = await grant.grant(
      {
        delegatorOfficeId: w.ids.offices.ao,
        delegateOfficeId: w.ids.offices.deputyAo,
        scope: 'accountable-officer-cover',
        reference: 'CCG scheme of reservation and delegation, 4.2',
        validFrom: '2021-01-01',
      },
      admin,
    );
    await record.record(
      {
        personId: w.ids.people.ao,
        deputyPersonId: w.ids.people.gp,
        firstDay: '2021-10-04',
        lastDay: '2021-10-05',
      },
      admin,
    );
    h.clock.set('2021-10-02T09:00:00Z');
    await directoryUseCases(db.ds, h.clock).revokeDelegation.revoke(
      cover.id,
      { expectedVersion: cover.version, reference: 'CCG Governing Body, 2 October 2021, minute 9' },
      admin,
    );
    h.clock.set('2021-10-04T06:00:00Z');
    expect((await scheduled.run()).handedOver).toEqual([]);
    const [c] = await db.ds.query('SELECT roles FROM cases WHERE id = $1', [caseId]);
    expect(c.roles.accountableOfficer).toEqual({ kind: 'office', officeId: w.ids.offices.ao });
  });
  it('lets the deputy read the absence they cover, and no other member', async () => {
    const w = await world();
    const away = await record.record(chairAway(w), w.actors.chair);
    const reads = absenceUseCases(db.ds, h.clock).read;
    await expect(reads.one(away.id, w.actorOf('cabinet'))).resolves.toMatchObject({ id: away.id });
    await expect(reads.one(away.id, w.actors.gp)).rejects.toBeInstanceOf(NotAuthorisedError);
  });
});
