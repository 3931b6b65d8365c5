import { withViceChairDelegation } from '../libs/testing/absence-world.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';
import { buildDirectoryWorld, DirectoryWorld } from '../libs/testing/directory-world.factory';

/*
 * Absence cover over HTTP (issue #15, ADR 0033): the Chair marks themselves away with the
 * Vice-Chair as deputy; the Chair's emailed link stops working, the Vice-Chair's answers; the
 * refusals are problem+json naming their rule.
 */
describe('an approver away with a deputy, through the API and the email links', () => {
  const h = directoryAppHarness();
  const { server, as, linkOf, answer, caseAwaitingAgreement } = h;
  const db = () => h.db();

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

  it('refuses an absence that breaks a rule as problem+json naming the rule and the field', async () => {
    const w = await buildDirectoryWorld(db().ds, withViceChairDelegation);
    const refused = await server()
      .post('/api/directory/absences')
      .set(as(w.keys.chair))
      .send({ deputyPersonId: w.ids.people.gp, firstDay: '2021-11-01', lastDay: '2021-11-05' })
      .expect(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'DEPUTY_HAS_NO_SUITABLE_DELEGATION',
      problems: [{ path: 'deputyPersonId' }],
    });
    const past = await server()
      .post('/api/directory/absences')
      .set(as(w.keys.chair))
      .send({ deputyPersonId: w.ids.people.cabinet, firstDay: '2021-10-29', lastDay: '2021-11-05' })
      .expect(422);
    expect(past.body).toMatchObject({ rule: 'ABSENCE_STARTS_IN_THE_PAST' });
    const badDate = await server()
      .post('/api/directory/absences')
      .set(as(w.keys.chair))
      .send({ deputyPersonId: w.ids.people.cabinet, firstDay: '2021-02-30', lastDay: '2021-11-05' })
      .expect(422);
    expect(badDate.body).toMatchObject({ code: 'INVALID_INPUT', problems: [{ path: 'firstDay' }] });
    await server().get('/api/directory/absences/not-an-id').set(as(w.keys.chair)).expect(404);
  });

  it('sends the approval to the deputy, who approves from the email link while the old link is refused', async () => {
    const w = await buildDirectoryWorld(db().ds, withViceChairDelegation);
    const caseId = await caseAwaitingApproval(w);
    const chairLink = await linkOf(caseId, w.ids.people.chair, 'open');
    const away = await server()
      .post('/api/directory/absences')
      .set(as(w.keys.chair))
      .send({ deputyPersonId: w.ids.people.cabinet, firstDay: '2021-11-01', lastDay: '2021-11-12' })
      .expect(201);
    expect(away.body).toMatchObject({
      deputy: { name: 'Cllr Chris Lane' },
      covered: true,
      handedOver: [{ caseId, roles: ['delegatedApprover'] }],
    });
    const mine = await server().get('/api/directory/absences').set(as(w.keys.chair)).expect(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ id: away.body.id, version: 1 })]);

    const old = await server().get(`/act/${chairLink}`);
    expect(old.status).toBe(410);
    const deputyLink = await linkOf(caseId, w.ids.people.cabinet, 'open');
    const answered = await answer(deputyLink);
    expect(answered.status).toBeLessThan(400);
    const audit = await server()
      .get(`/api/cases/${caseId}/audit`)
      .set(as(w.keys.officer))
      .expect(200);
    const records = audit.body.records as { event: { type: string }; actor: { name?: string } }[];
    expect(records.map((r) => r.event.type).slice(-2)).toEqual(['ROLE_REASSIGNED', 'APPROVE']);
    expect(records.at(-1)!.actor).toMatchObject({ name: 'Cllr Chris Lane' });

    // Cancelled once it has begun: the record says so, and the role stays with the deputy.
    await server()
      .post(`/api/directory/absences/${away.body.id}/cancel`)
      .set(as(w.keys.chair))
      .send({ expectedVersion: 1 })
      .expect(200);
    const [c] = await db().ds.query('SELECT roles FROM cases WHERE id = $1', [caseId]);
    expect(c.roles.delegatedApprover.delegationId).toBe(w.ids.delegations.bcfApprovalVice);
  });
});
