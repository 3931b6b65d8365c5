import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import { binaryBody } from '../libs/testing/binary-response.service';
import { executableFile, pdfFile } from '../libs/testing/document-fixtures.service';
import { documentsPagesHarness, sha } from '../libs/testing/documents-pages-harness.service';

/*
 * The documents an approver reads from their emailed link: exactly the versions bound to the
 * request, each read recorded, a changed content refused; a new version voids the link and sends
 * the request again; a Part 2 appendix never named in an email. The app and forms in
 * libs/testing/documents-pages-harness.service.ts.
 */

describe('documents: upload in the pages, staff read, approvers read from their link', () => {
  const { db, app, officerWithCase, formOf, stored, upload } = documentsPagesHarness();

  /** The officer's case with a plan uploaded in the pages, sent for agreement: the CEO's open link. */
  async function planSentForAgreement(plan: Buffer) {
    const { world, caseId, agent } = await officerWithCase();
    await upload(
      agent,
      caseId,
      [{ title: 'BCF plan', kind: 'plan', content: plan, name: 'plan.pdf' }],
      303,
    );
    const { version } = await formOf(agent, `/cases/${caseId}/documents`);
    await request(app().getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: Number(version) })
      .expect(200);
    const [link]: { id: string }[] = await db().ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    return { world, caseId, agent, link };
  }

  it('lets an approver read exactly the versions bound to their request, records each GET and HEAD, and refuses others and a changed content', async () => {
    const plan = pdfFile('The plan the CEO reads');
    const { caseId, agent, link } = await planSentForAgreement(plan);
    const token = app().get(LinkTokens).tokenFor(link.id);
    const server = app().getHttpServer();
    const confirm = await request(server).get(`/act/${token}`).expect(200);
    expect(confirm.text).toContain(`href="/act/${token}/documents/1"`);
    expect(confirm.text).toContain('BCF plan (version 1, PDF');
    expect(confirm.text).not.toContain('No documents are attached');

    const read = await request(server)
      .get(`/act/${token}/documents/1`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(read.headers['content-disposition']).toMatch(/^inline;/);
    expect(read.headers['x-content-type-options']).toBe('nosniff');
    expect(read.headers['content-security-policy']).toMatch(/default-src 'none'.*sandbox/);
    expect(read.headers['cache-control']).toBe('no-store');
    expect(sha(read.body as Buffer)).toBe(sha(plan));
    const head = await request(server).head(`/act/${token}/documents/1`).expect(200);
    expect(head.headers['content-length']).toBe(String(plan.length));
    await request(server).get(`/act/${token}/documents/2`).expect(404);
    await request(server).get(`/act/${token}/documents/0`).expect(404);

    // Another case's document is out of reach of this link, whatever is asked.
    const views = async () =>
      (
        (await db().ds.query(
          'SELECT method FROM action_link_views WHERE link_id = $1 ORDER BY id',
          [link.id],
        )) as { method: string }[]
      ).map((v) => v.method);
    expect(await views()).toEqual(
      expect.arrayContaining([
        `GET document 1: “BCF plan” version 1, SHA-256 ${sha(plan)}`,
        `HEAD document 1: “BCF plan” version 1, SHA-256 ${sha(plan)}`,
        'GET document 2: refused, no such document on this request',
      ]),
    );

    // Content changed behind the record's back: refused, nothing of it served, and recorded.
    await db().ds.query(
      `UPDATE document_chunks SET data = $2 WHERE document_id = (SELECT id FROM documents WHERE case_id = $1) AND seq = 0`,
      [caseId, pdfFile('A different plan')],
    );
    const tampered = await request(server).get(`/act/${token}/documents/1`).expect(409);
    expect(tampered.headers['content-type']).toMatch(/text\/html/);
    expect(tampered.text).toContain('This document cannot be shown');
    expect(tampered.text).not.toContain('A different plan');
    expect((await views()).at(-1)).toBe(
      `GET document 1: refused (hash-mismatch), SHA-256 ${sha(plan)}`,
    );
    await agent
      .get(
        `/cases/${caseId}/documents/${(await db().ds.query('SELECT id FROM documents WHERE case_id = $1', [caseId]))[0].id}/content`,
      )
      .expect(409);
  });

  it('through the API too: content checked by its bytes, and a Part 2 appendix never named in an email', async () => {
    const { world, caseId } = await officerWithCase();
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const before = await stored(caseId);
    const refused = await request(app().getHttpServer())
      .post(`/api/cases/${caseId}/documents`)
      .set(auth)
      .send({
        expectedVersion: 1,
        name: 'plan.pdf',
        mediaType: 'application/pdf',
        contentBase64: executableFile().toString('base64'),
      })
      .expect(422);
    expect(refused.body.code).toBe('INVALID_INPUT');
    expect(refused.body.problems[0].path).toBe('contentBase64');
    expect(await stored(caseId)).toEqual(before);
    await request(app().getHttpServer())
      .post(`/api/cases/${caseId}/documents`)
      .set(auth)
      .send({
        expectedVersion: 1,
        name: 'Confidential staffing costs',
        kind: 'part2Appendix',
        mediaType: 'application/pdf',
        contentBase64: pdfFile().toString('base64'),
      })
      .expect(201);
    await request(app().getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 2 })
      .expect(200);
    const emails: { payload: unknown }[] = await db().ds.query(
      `SELECT payload FROM effects WHERE case_id = $1 AND kind = 'email'`,
      [caseId],
    );
    expect(emails.length).toBeGreaterThan(0);
    expect(JSON.stringify(emails)).not.toContain('Confidential staffing costs');
    expect(JSON.stringify(emails)).toContain('Exempt appendix (Part 2, not named by email)');
  });

  it('a new version while a request is open voids the link, sends the request again with the new version and says why', async () => {
    const { world, caseId, agent, link: old } = await planSentForAgreement(pdfFile('one'));
    const [first]: { id: string }[] = await db().ds.query(
      'SELECT id FROM documents WHERE case_id = $1',
      [caseId],
    );
    const path = `/cases/${caseId}/documents/${first.id}/new-version`;
    const form = await formOf(agent, path);
    const two = pdfFile('two');
    await agent
      .post(path)
      .field('_csrf', form.csrf)
      .field('expectedVersion', form.version)
      .field('title1', 'BCF plan')
      .field('kind1', 'plan')
      .attach('file1', two, 'plan v2.pdf')
      .expect(303);
    const page = await agent.get(`/cases/${caseId}/documents`).expect(200);
    expect(page.text).toContain('version 2 is current');
    const oldToken = app().get(LinkTokens).tokenFor(old.id);
    await request(app().getHttpServer()).get(`/act/${oldToken}/documents/1`).expect(404);
    const [fresh]: { id: string; document_hashes: { sha256: string }[] }[] = await db().ds.query(
      `SELECT id, document_hashes FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    expect(fresh.document_hashes.map((d) => d.sha256)).toEqual([sha(two)]);
    const [email]: { payload: { note?: string } }[] = await db().ds.query(
      `SELECT payload FROM effects WHERE case_id = $1 AND kind = 'email' AND payload->>'linkId' = $2`,
      [caseId, fresh.id],
    );
    expect(email.payload.note).toContain(
      'a new version of “BCF plan” replaced the one sent before',
    );
  });
});
