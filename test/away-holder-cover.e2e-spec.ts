import { OfficeRepository } from '../libs/directory/office.repository';
import { MembershipRepository } from '../libs/directory/membership.repository';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { BodyRepository } from '../libs/directory/body.repository';
import { OfficeHandOver } from '../libs/directory/office-hand-over.service';
import { ScheduledHandOverUseCase } from '../libs/directory/use-cases/scheduled-hand-over.use-case';
import {
  linksOfRole,
  rolesAndAwaited,
  withBoardMemberDelegation,
  withViceChairDelegation,
} from '../libs/testing/absence-world.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, type DirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * A role or an office given to someone already away with a deputy (issue #15, ADR 0033) goes to
 * the deputy in the same transaction, not at the worker's next hourly run: the person away is never
 * asked (no link, no email), their requests are on the case's record as withheld, and absence
 * cover's reassignment to the deputy follows, on the same audit chain. Monday 1 November 2021.
 */

describe('a role or an office given to someone already away goes to their deputy at once', () => {
  const h = directoryAppHarness();
  const { clock, server, as, caseAwaitingAgreement } = h;
  const db = () => h.db();

  beforeEach(() => clock.set(new Date('2021-11-01T10:00:00Z')));

  /** Agreed by both Chief Executives: the case awaits the Chair's approval under delegation. */
  async function caseAwaitingApproval(w: DirectoryWorld): Promise<string> {
    const id = await caseAwaitingAgreement(w);
    for (const [key, v] of [
      [w.keys.ceo, 2],
      [w.keys.ao, 3],
    ] as const)
      await server()
        .post(`/api/cases/${id}/events`)
        .set(as(key))
        .send({ type: 'AGREE', expectedVersion: v })
        .expect(200);
    return id;
  }

  const approvalLinks = (caseId: string) => linksOfRole(db().ds, caseId, 'delegatedApprover');
  /** Whom the approval was asked of by email, by name (no one else). */
  const approvalEmails = (caseId: string) =>
    db().ds.query<{ name: string }[]>(
      `SELECT payload->'to'->>'name' AS name FROM effects WHERE case_id = $1 AND kind = 'email'
          AND payload->>'message' = 'approval-requested' ORDER BY 1`,
      [caseId],
    );
  const audit = async (w: DirectoryWorld, caseId: string) =>
    (await server().get(`/api/cases/${caseId}/audit`).set(as(w.keys.officer)).expect(200)).body
      .records as { event: Record<string, unknown>; authority: Record<string, unknown> }[];

  it('sends a role an officer reassigns to the Vice-Chair, who is away, to the Vice-Chair’s deputy', async () => {
    const w = await buildDirectoryWorld(db().ds, withBoardMemberDelegation);
    const caseId = await caseAwaitingApproval(w);
    await server()
      .post('/api/directory/absences')
      .set(as(w.adminKey))
      .send({
        personId: w.ids.people.cabinet,
        deputyPersonId: w.ids.people.gp,
        firstDay: '2021-11-01',
        lastDay: '2021-11-12',
      })
      .expect(201);

    const reassigned = await server()
      .post(`/api/cases/${caseId}/roles/delegatedApprover/reassign`)
      .set(as(w.keys.officer))
      .send({
        expectedVersion: 4,
        holderId: w.ids.delegations.bcfApprovalVice,
        reason: 'The Chair has declared an interest in the plan.',
      })
      .expect(200);
    expect(reassigned.body).toMatchObject({ version: 6 });

    expect(await approvalLinks(caseId)).toEqual([
      { name: 'Cllr Alex Rowe', status: 'voided' },
      { name: 'Dr Sam Okafor', status: 'open' },
    ]);
    expect(await approvalEmails(caseId)).toEqual([
      { name: 'Cllr Alex Rowe' },
      { name: 'Dr Sam Okafor' },
    ]);
    const c = await rolesAndAwaited(db().ds, caseId);
    expect(c.roles.delegatedApprover).toEqual({
      kind: 'delegation',
      delegationId: w.ids.delegations.bcfApprovalMember,
    });
    expect(c.awaited).toEqual([w.ids.people.gp]);
    expect((await audit(w, caseId)).slice(-2)).toMatchObject([
      {
        authority: { kind: 'officer' },
        event: {
          type: 'ROLE_REASSIGNED',
          to: { person: 'Cllr Chris Lane' },
          requests: [],
          withheld: [{ role: 'delegatedApprover', message: 'approval-requested' }],
          linksVoided: 1,
        },
      },
      {
        authority: { kind: 'system', job: 'absence-cover' },
        event: {
          type: 'ROLE_REASSIGNED',
          reason:
            'Cllr Chris Lane is away from 1 November 2021 to 12 November 2021; Dr Sam Okafor covers as their deputy.',
          to: { person: 'Dr Sam Okafor' },
          requests: [{ role: 'delegatedApprover', message: 'approval-requested' }],
        },
      },
    ]);
    await server()
      .get(`/api/cases/${caseId}/audit/verify`)
      .set(as(w.keys.officer))
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true }));
  });

  /**
   * The Chair's holder's term ends on Thursday 4 November 2021 and Dr Sam Okafor's begins on the
   * Friday; he will be away from his first day, Cllr Chris Lane his deputy.
   */
  async function chairHandedToSomeoneAway(w: DirectoryWorld): Promise<void> {
    const chair = w.ids.offices.chair;
    const office = await server()
      .get(`/api/directory/offices/${chair}`)
      .set(as(w.adminKey))
      .expect(200);
    await server()
      .patch(`/api/directory/offices/${chair}/holders/${office.body.holder.id}`)
      .set(as(w.adminKey))
      .send({ expectedVersion: 1, until: '2021-11-04' })
      .expect(200);
    await server()
      .post(`/api/directory/offices/${chair}/holders`)
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, from: '2021-11-05' })
      .expect(201);
    await server()
      .post('/api/directory/absences')
      .set(as(w.adminKey))
      .send({
        personId: w.ids.people.gp,
        deputyPersonId: w.ids.people.cabinet,
        firstDay: '2021-11-05',
        lastDay: '2021-11-19',
      })
      .expect(201);
  }

  /** The worker's hourly hand-over on the new holder's first morning. */
  function handOverOnTheFirstDay() {
    clock.set(new Date('2021-11-05T07:00:00Z'));
    return new ScheduledHandOverUseCase(
      db().ds,
      clock,
      new OfficeRepository(),
      new DirectoryChangeRepository(),
      new BodyRepository(),
      new MembershipRepository(),
      h.app().get(OfficeHandOver),
    ).run();
  }

  it('sends the requests of an office handed over to a new holder already away to the deputy, on the first day', async () => {
    const w = await buildDirectoryWorld(db().ds, withViceChairDelegation);
    const caseId = await caseAwaitingApproval(w);
    await chairHandedToSomeoneAway(w);

    const friday = await handOverOnTheFirstDay();
    expect(friday.handedOver).toEqual([
      expect.objectContaining({ caseId, roles: ['delegatedApprover'], requests: [], version: 6 }),
    ]);
    expect(await approvalLinks(caseId)).toEqual([
      { name: 'Cllr Alex Rowe', status: 'voided' },
      { name: 'Cllr Chris Lane', status: 'open' },
    ]);
    expect(await approvalEmails(caseId)).toEqual([
      { name: 'Cllr Alex Rowe' },
      { name: 'Cllr Chris Lane' },
    ]);
    expect((await audit(w, caseId)).slice(-2)).toMatchObject([
      {
        event: {
          type: 'ROLE_HOLDER_CHANGED',
          to: { name: 'Dr Sam Okafor' },
          requests: [],
          withheld: [{ role: 'delegatedApprover', message: 'approval-requested' }],
        },
      },
      {
        authority: { kind: 'system', job: 'absence-cover' },
        event: {
          type: 'ROLE_REASSIGNED',
          to: {
            binding: { kind: 'delegation', delegationId: w.ids.delegations.bcfApprovalVice },
            person: 'Cllr Chris Lane',
          },
          requests: [{ role: 'delegatedApprover', message: 'approval-requested' }],
        },
      },
    ]);
  });
  it('withholds only the requests of the roles the deputy covers, and sends the rest to the new holder', async () => {
    const w = await buildDirectoryWorld(db().ds, withViceChairDelegation);
    const chair = w.ids.offices.chair;
    // The Chief Executive's agreement is asked of the Chair's office too: an office role, which
    // the Vice-Chair's delegation (of the plan's approval) cannot cover.
    const caseId = await caseAwaitingAgreement(w, {
      roles: { ...w.roles, chiefExecutive: chair },
    });
    await chairHandedToSomeoneAway(w);

    const friday = await handOverOnTheFirstDay();
    expect(friday.handedOver).toEqual([
      expect.objectContaining({
        caseId,
        roles: ['chiefExecutive', 'delegatedApprover'],
        requests: [{ role: 'chiefExecutive', message: 'agreement-requested' }],
      }),
    ]);
    expect(await linksOfRole(db().ds, caseId, 'chiefExecutive')).toEqual([
      { name: 'Cllr Alex Rowe', status: 'voided' },
      { name: 'Dr Sam Okafor', status: 'open' },
    ]);
    const [handedOver] = (await audit(w, caseId)).filter(
      (r) => r.event.type === 'ROLE_HOLDER_CHANGED',
    );
    expect(handedOver.event).toMatchObject({
      requests: [{ role: 'chiefExecutive', message: 'agreement-requested' }],
    });
    expect(handedOver.event).not.toHaveProperty('withheld');
  });
});
