import { buildDirectoryWorld } from '../libs/testing/directory-world.factory';
import { directoryAppHarness } from '../libs/testing/directory-app-harness.service';

/*
 * An office changing holder mid-case hands the open request to the new holder once: the
 * administrator appoints a new Chief Executive through the API, the new Chief Executive agrees
 * from the link in their email, the old link no longer works, and the case's chain holds.
 */
describe('a new Chief Executive takes over the open request', () => {
  const h = directoryAppHarness();
  const { server, as, linkOf, caseAwaitingAgreement } = h;
  const db = () => h.db();

  it('lets the new Chief Executive agree from the email link that came to them', async () => {
    const w = await buildDirectoryWorld(db().ds);
    const caseId = await caseAwaitingAgreement(w);
    const oldLink = await linkOf(caseId, w.ids.people.ceo, 'open');

    const ceo = w.ids.offices.ceo;
    const office = await server()
      .get(`/api/directory/offices/${ceo}`)
      .set(as(w.adminKey))
      .expect(200);
    const ended = await server()
      .patch(`/api/directory/offices/${ceo}/holders/${office.body.holder.id}`)
      .set(as(w.adminKey))
      .send({ expectedVersion: 1, until: '2021-10-31' })
      .expect(200);
    expect(ended.body.handedOver).toEqual([]);
    const appointed = await server()
      .post(`/api/directory/offices/${ceo}/holders`)
      .set(as(w.adminKey))
      .send({ personId: w.ids.people.gp, from: '2021-11-01' })
      .expect(201);
    expect(appointed.body.handedOver).toEqual([
      expect.objectContaining({
        caseId,
        requests: [{ role: 'chiefExecutive', message: 'agreement-requested' }],
        version: 3,
      }),
    ]);

    const awaiting = await server().get(`/api/cases/${caseId}`).set(as(w.keys.officer)).expect(200);
    expect(JSON.stringify(awaiting.body)).toContain('Dr Sam Okafor');
    expect(JSON.stringify(awaiting.body)).not.toContain('Morgan Hale');

    const stale = await server().get(`/act/${oldLink}`).expect(410);
    expect(stale.text).toContain('This link cannot be used');
    expect(stale.text).toContain('because the office it was sent to passed to its new holder');
    const newLink = await linkOf(caseId, w.ids.people.gp, 'open');
    const page = await server().get(`/act/${newLink}`).expect(200);
    expect(page.text).toContain('Chief Executive, Southampton City Council');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    const receipt = await server()
      .post(`/act/${newLink}`)
      .type('form')
      .send({ csrf, response: 'approve' })
      .expect(200);
    expect(receipt.text).toContain('Your answer is recorded');

    const audit = await server()
      .get(`/api/cases/${caseId}/audit`)
      .set(as(w.keys.officer))
      .expect(200);
    expect(audit.body.records.map((r: { event: { type: string } }) => r.event.type)).toEqual([
      'CASE_OPENED',
      'SEEK_AGREEMENT',
      'ROLE_HOLDER_CHANGED',
      'AGREE',
    ]);
    expect(audit.body.records[3]).toMatchObject({
      actor: { name: 'Dr Sam Okafor' },
      authority: { kind: 'office', officeTitle: 'Chief Executive, Southampton City Council' },
    });
    await server()
      .get(`/api/cases/${caseId}/audit/verify`)
      .set(as(w.keys.officer))
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true, records: 4 }));
  });
});
