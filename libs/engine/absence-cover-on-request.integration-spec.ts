import { AbsenceRepository } from '../directory/absences/absence.repository';
import type { Actor } from '../core/actor.dto';
import { RecordAbsenceUseCase } from '../directory/absences/record-absence.use-case';
import { ScheduledCoverUseCase } from '../directory/absences/scheduled-cover.use-case';
import { withViceChairDelegation } from '../testing/absence-world.factory';
import { buildDirectoryWorld, type DirectoryWorld } from '../testing/directory-world.factory';
import { absenceCoverService, engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.service';
import { openBcfCaseBody } from '../testing/world.factory';
import { directoryUseCases, absenceUseCases } from '../testing/directory-use-cases.factory';

/*
 * A request made to someone already away (issue #15, ADR 0033) goes to their deputy as it is made:
 * the step that makes it is followed, in its transaction, by the reassignment to the deputy
 * (ROLE_REASSIGNED with the absence), and the deputy's link is the only one; nothing is left for
 * the worker's hourly run, and the person away gets no email asking them.
 */
describe('a request to someone already away', () => {
  let db: TestDatabase;
  let h: ReturnType<typeof engineHarness>;
  let record: RecordAbsenceUseCase;
  let scheduled: ScheduledCoverUseCase;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds, '2021-10-01T09:00:00Z');
    const cover = absenceCoverService(db.ds, h.clock);
    record = absenceUseCases(db.ds, h.clock, cover).record;
    scheduled = new ScheduledCoverUseCase(db.ds, h.clock, new AbsenceRepository(), cover);
  });
  afterAll(async () => {
    await db.drop();
  });

  const world = () => buildDirectoryWorld(db.ds, withViceChairDelegation);

  /** Every link of the case with the name of the person it went to, in order made. */
  const links = (caseId: string) =>
    db.ds.query(
      `SELECT p.name, l.role, l.request, l.status FROM action_links l JOIN people p ON p.id = l.person_id
        WHERE l.case_id = $1 ORDER BY l.created_at, p.name`,
      [caseId],
    );
  /** Every email asking for an answer (not a notice) of the case, to whom. */
  const requestEmails = (caseId: string, message: string) =>
    db.ds.query(
      `SELECT payload->'to'->>'name' AS name, payload->>'role' AS role FROM effects
        WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2 ORDER BY id`,
      [caseId, message],
    );

  it('sends the Chair’s approval request to the Vice-Chair at once when the Chair is already away, the deputy’s link the only one', async () => {
    const w: DirectoryWorld = await world();
    const away = await record.record(
      { deputyPersonId: w.ids.people.cabinet, firstDay: '2021-10-01', lastDay: '2021-10-08' },
      w.actors.chair,
    );
    const { caseId } = await h.open.open(openBcfCaseBody(w), w.actors.officer);
    const steps: [string, Actor][] = [
      ['SEEK_AGREEMENT', w.actors.officer],
      ['AGREE', w.actors.ceo],
      ['AGREE', w.actors.ao],
    ];
    let version = 1;
    for (const [type, actor] of steps)
      version = (
        await h.send.send(caseId, { type, payload: {} }, actor, { expectedVersion: version })
      ).version;
    // The last agreement, then the reassignment on the same send.
    expect(version).toBe(5);
    const approvals = (await links(caseId)).filter(
      (l: { role: string }) => l.role === 'delegatedApprover',
    );
    expect(approvals).toEqual([
      {
        name: 'Cllr Chris Lane',
        role: 'delegatedApprover',
        request: 'approval-requested',
        status: 'open',
      },
    ]);
    expect(await requestEmails(caseId, 'approval-requested')).toEqual([
      { name: 'Cllr Chris Lane', role: 'delegatedApprover' },
    ]);
    const trail = await h.audit.trail(w.tenantId, caseId);
    expect(trail.slice(-2)).toMatchObject([
      { event: { type: 'AGREE' } },
      {
        authority: { kind: 'system', job: 'absence-cover' },
        event: {
          type: 'ROLE_REASSIGNED',
          role: 'delegatedApprover',
          reason:
            'Cllr Alex Rowe is away from 1 October 2021 to 8 October 2021; Cllr Chris Lane covers as their deputy.',
          cover: { absenceId: away.id, away: { name: 'Cllr Alex Rowe' } },
          from: { binding: { kind: 'delegation', delegationId: w.ids.delegations.bcfApproval } },
          to: {
            binding: { kind: 'delegation', delegationId: w.ids.delegations.bcfApprovalVice },
            person: 'Cllr Chris Lane',
          },
          requests: [{ role: 'delegatedApprover', message: 'approval-requested' }],
          linksVoided: 0,
        },
      },
    ]);
    expect(await h.audit.verifyCase(w.tenantId, caseId)).toMatchObject({ ok: true });
    // The case waits for the deputy, and the hourly run finds nothing left to move.
    const [c] = await db.ds.query('SELECT awaiting_person_ids AS a FROM cases WHERE id = $1', [
      caseId,
    ]);
    expect(c.a).toEqual([w.ids.people.cabinet]);
    expect((await scheduled.run()).handedOver).toEqual([]);
    await h.send.send(caseId, { type: 'APPROVE', payload: {} }, w.actors.cabinet, {
      expectedVersion: 5,
    });
  });

  it('sends an office’s request to the office its holder delegated to, and leaves requests to people at work alone', async () => {
    const w = await world();
    const admin = w.actorOf('admin');
    await directoryUseCases(db.ds, h.clock).grantDelegation.grant(
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
        firstDay: '2021-10-01',
        lastDay: '2021-10-01',
      },
      admin,
    );
    const { caseId } = await h.open.open(openBcfCaseBody(w), w.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, w.actors.officer, {
      expectedVersion: 1,
    });
    const asked = (await links(caseId)).map((l: { name: string; status: string }) => [
      l.name,
      l.status,
    ]);
    expect(asked).toHaveLength(2);
    expect(asked).toEqual(
      expect.arrayContaining([
        ['Dr Sam Okafor', 'open'],
        [expect.not.stringMatching(/Okafor/), 'open'],
      ]),
    );
    const [c] = await db.ds.query('SELECT roles FROM cases WHERE id = $1', [caseId]);
    expect(c.roles.accountableOfficer).toEqual({
      kind: 'office',
      officeId: w.ids.offices.deputyAo,
    });
    // The next day the absence is over: a new request goes to whoever holds the role then.
    h.clock.set('2021-10-02T09:00:00Z');
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, w.actors.gp, { expectedVersion: 3 });
  });
});
