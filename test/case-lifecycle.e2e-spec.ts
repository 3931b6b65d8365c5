import { buildDirectoryWorld } from '../libs/testing/directory-world.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';

/*
 * The lifecycle around every workflow over HTTP (ADR 0012): an officer withdraws, pauses, resumes
 * and reassigns; the people asked answer, or cannot, from the links in their email.
 */
describe('withdrawing, pausing and reassigning a case through the API', () => {
  const h = directoryAppHarness();
  const { server, as, linkOf, answer, caseAwaitingAgreement } = h;
  const db = () => h.db();

  const trail = async (caseId: string, key: string) =>
    (await server().get(`/api/cases/${caseId}/audit`).set(as(key)).expect(200)).body.records.map(
      (r: { event: { type: string } }) => r.event.type,
    );

  it('withdraws a case: its links stop working, its holders are emailed, and it refuses every event by its rule', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await caseAwaitingAgreement(w);
    const ceoLink = await linkOf(caseId, w.ids.people.ceo, 'open');

    const refused = await server()
      .post(`/api/cases/${caseId}/withdraw`)
      .set(as(w.keys.ceo))
      .send({ expectedVersion: 2, reason: 'Not mine to withdraw.' })
      .expect(403);
    expect(refused.body.code).toBe('NOT_AUTHORISED');
    const stale = await server()
      .post(`/api/cases/${caseId}/withdraw`)
      .set(as(w.keys.officer))
      .send({ expectedVersion: 1, reason: 'Stale.' })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', currentVersion: 2 });
    const noReason = await server()
      .post(`/api/cases/${caseId}/withdraw`)
      .set(as(w.keys.officer))
      .send({ expectedVersion: 2 })
      .expect(422);
    expect(noReason.body.problems).toEqual([
      expect.objectContaining({ path: 'reason', message: 'say why the case is withdrawn' }),
    ]);

    const withdrawn = await server()
      .post(`/api/cases/${caseId}/withdraw`)
      .set(as(w.keys.officer))
      .send({ expectedVersion: 2, reason: 'The plan is replaced by a joint plan.' })
      .expect(200);
    expect(withdrawn.body).toMatchObject({
      version: 3,
      state: { closed: true },
      lifecycle: { status: 'withdrawn', reason: 'The plan is replaced by a joint plan.' },
    });

    const closed = await server().get(`/act/${ceoLink}`).expect(410);
    expect(closed.text).toContain('This link cannot be used');
    expect(closed.text).toContain('because the case was withdrawn');
    const emails: { to: string }[] = await db().ds.query(
      `SELECT payload->'to'->>'name' AS to FROM effects WHERE case_id = $1 AND payload->>'message' = 'case-withdrawn' ORDER BY 1`,
      [caseId],
    );
    expect(emails.map((e) => e.to)).toEqual(['Morgan Hale', 'Priya Natarajan']);

    const event = await server()
      .post(`/api/cases/${caseId}/events`)
      .set(as(w.keys.ceo))
      .send({ type: 'AGREE', expectedVersion: 3 })
      .expect(422);
    expect(event.body).toMatchObject({ code: 'GOVERNANCE_RULE_BROKEN', rule: 'CASE_WITHDRAWN' });
    expect(event.body.explanation[0]).toContain('The plan is replaced by a joint plan.');
    expect(await trail(caseId, w.keys.officer)).toEqual([
      'CASE_OPENED',
      'SEEK_AGREEMENT',
      'CASE_WITHDRAWN',
    ]);
    await server()
      .get(`/api/cases/${caseId}/audit/verify`)
      .set(as(w.keys.officer))
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true, records: 3 }));
  });

  it('pauses a case so that an emailed link cannot answer, and resumes it so that it can', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await caseAwaitingAgreement(w);
    const paused = await server()
      .post(`/api/cases/${caseId}/pause`)
      .set(as(w.keys.officer))
      .send({ expectedVersion: 2, reason: 'Awaiting legal advice.' })
      .expect(200);
    expect(paused.body).toMatchObject({ version: 3, lifecycle: { status: 'paused' } });
    expect(paused.body.openDeadlines).toEqual([]);

    const token = await linkOf(caseId, w.ids.people.ceo, 'open');
    const whilePaused = await answer(token);
    expect(whilePaused.status).toBe(422);
    expect(whilePaused.text).toContain('The rule “A paused case takes no steps” refuses this');
    expect(whilePaused.text).toContain('the case was paused on');
    const again = await server()
      .post(`/api/cases/${caseId}/pause`)
      .set(as(w.keys.officer))
      .send({ expectedVersion: 3, reason: 'Twice.' })
      .expect(422);
    expect(again.body.rule).toBe('CASE_PAUSED');

    const resumed = await server()
      .post(`/api/cases/${caseId}/resume`)
      .set(as(w.keys.officer))
      .send({ expectedVersion: 3 })
      .expect(200);
    expect(resumed.body).toMatchObject({ version: 4, lifecycle: { status: 'active' } });
    expect(resumed.body.openDeadlines.length).toBeGreaterThan(0);
    expect((await answer(token)).text).toContain('Your answer is recorded');
    expect(await trail(caseId, w.keys.officer)).toEqual([
      'CASE_OPENED',
      'SEEK_AGREEMENT',
      'CASE_PAUSED',
      'CASE_RESUMED',
      'AGREE',
    ]);
  });

  it('reassigns a role: the new holder answers from their own new link, the old one is void', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await caseAwaitingAgreement(w);
    const oldLink = await linkOf(caseId, w.ids.people.ao, 'open');
    const bad = await server()
      .post(`/api/cases/${caseId}/roles/accountableOfficer/reassign`)
      .set(as(w.keys.officer))
      .send({ expectedVersion: 2, holderId: 'the deputy' })
      .expect(422);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT' });
    const noRole = await server()
      .post(`/api/cases/${caseId}/roles/treasurer/reassign`)
      .set(as(w.keys.officer))
      .send({ expectedVersion: 2, holderId: w.ids.offices.deputyAo })
      .expect(422);
    expect(noRole.body).toMatchObject({ code: 'INVALID_ROLE_HOLDER' });

    const reassigned = await server()
      .post(`/api/cases/${caseId}/roles/accountableOfficer/reassign`)
      .set(as(w.keys.officer))
      .send({ expectedVersion: 2, holderId: w.ids.offices.deputyAo, reason: 'On leave.' })
      .expect(200);
    expect(reassigned.body.roles.accountableOfficer.person.name).toBe('Dr Sam Okafor');
    expect((await server().get(`/act/${oldLink}`).expect(410)).text).toContain(
      'because the role it was sent for was given to someone else',
    );
    const newLink = await linkOf(caseId, w.ids.people.gp, 'open');
    expect((await answer(newLink)).text).toContain('Your answer is recorded');
    expect(await trail(caseId, w.keys.officer)).toEqual([
      'CASE_OPENED',
      'SEEK_AGREEMENT',
      'ROLE_REASSIGNED',
      'AGREE',
    ]);
  });
});
