import request from 'supertest';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { binaryBody } from '../libs/testing/binary-response.service';
import { executableFile, pdfFile } from '../libs/testing/document-fixtures.service';
import { documentsPagesHarness, sha } from '../libs/testing/documents-pages-harness.service';
import { postSignIn } from '../libs/testing/sign-in.service';

/*
 * Documents uploaded in the case's documents page and read by staff: one to three files at a time,
 * each version listed with who, when, size and SHA-256, served with safe headers; what is over the
 * limit, not what its name says, empty or unnamed refused with nothing stored; a legal hold placed
 * by a governance lead. What approvers read from their links is in
 * documents-approver-links.e2e-spec.ts; the app and forms in
 * libs/testing/documents-pages-harness.service.ts.
 */

describe('documents: upload in the pages, staff read, approvers read from their link', () => {
  const { db, app, clock, officerWithCase, formOf, stored, upload } = documentsPagesHarness();

  it('uploads two documents at once, lists each version with uploader, time, size and SHA-256, and serves them to staff with safe headers', async () => {
    const { caseId, agent } = await officerWithCase();
    const plan = pdfFile();
    const csv = Buffer.from('area,amount\nSouthampton,1000\n');
    await upload(
      agent,
      caseId,
      [
        { title: 'BCF plan 2021/22', kind: 'plan', content: plan, name: 'plan.pdf' },
        { title: 'Spending', kind: 'appendix', content: csv, name: 'spending.csv' },
      ],
      303,
    );
    const page = await agent.get(`/cases/${caseId}/documents`).expect(200);
    expect(page.text).toContain('BCF plan 2021/22');
    expect(page.text).toContain(sha(plan));
    expect(page.text).toContain(sha(csv));
    expect(page.text).toMatch(/ by Test officer|by [A-Z][a-z]+ /);
    expect(page.text).not.toMatch(/\d{4}-\d\d-\d\dT/);

    const docs: { id: string; name: string; media_type: string }[] = await db().ds.query(
      'SELECT id, name, media_type FROM documents WHERE case_id = $1 ORDER BY name',
      [caseId],
    );
    expect(docs.map((d) => d.media_type)).toEqual(['application/pdf', 'text/csv']);
    const pdf = await agent
      .get(`/cases/${caseId}/documents/${docs[0].id}/content`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(
      /^inline; filename="BCF plan 2021-22 \(version 1\)\.pdf"/,
    );
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(pdf.headers['content-security-policy']).toMatch(/sandbox/);
    expect(pdf.headers['cache-control']).toBe('no-store');
    expect(sha(pdf.body as Buffer)).toBe(sha(plan));
    const spreadsheet = await agent
      .get(`/cases/${caseId}/documents/${docs[1].id}/content`)
      .expect(200);
    expect(spreadsheet.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('refuses a file over the limit, naming the limit, and stores nothing', async () => {
    const { caseId, agent } = await officerWithCase();
    const before = await stored(caseId);
    const big = Buffer.concat([pdfFile(), Buffer.alloc(1024 * 1024)]);
    const res = await upload(
      agent,
      caseId,
      [{ title: 'Too big', kind: 'plan', content: big, name: 'big.pdf' }],
      413,
    );
    expect(res.text).toContain('There is a problem');
    expect(res.text).toContain('The selected file must be smaller than 1 MB');
    expect(res.text).toContain('href="#file1"');
    expect(res.text).toContain('value="Too big"');
    expect(await stored(caseId)).toEqual(before);
  });

  it('refuses an executable named plan.pdf by its content, and an empty file, storing nothing even of the good file beside them', async () => {
    const { caseId, agent } = await officerWithCase();
    const before = await stored(caseId);
    const res = await upload(
      agent,
      caseId,
      [
        { title: 'Good plan', kind: 'plan', content: pdfFile(), name: 'good.pdf' },
        { title: 'Disguised', kind: 'report', content: executableFile(), name: 'plan.pdf' },
        { title: 'Empty', kind: 'report', content: Buffer.alloc(0), name: 'empty.pdf' },
      ],
      422,
    );
    expect(res.text).toContain('its content is none of these, whatever its name says');
    expect(res.text).toContain('href="#file2"');
    expect(res.text).toContain('The selected file is empty');
    expect(await stored(caseId)).toEqual(before);
  });

  it('refuses an upload without a title or kind, and a form without the session’s token', async () => {
    const { caseId, agent } = await officerWithCase();
    const before = await stored(caseId);
    const res = await upload(
      agent,
      caseId,
      [{ title: ' ', kind: 'memo', content: pdfFile(), name: 'plan.pdf' }],
      422,
    );
    expect(res.text).toContain('Enter a title for the document');
    expect(res.text).toContain('Select what kind of document it is');
    await agent
      .post(`/cases/${caseId}/documents`)
      .field('_csrf', 'forged')
      .field('expectedVersion', '1')
      .field('title1', 'Plan')
      .field('kind1', 'plan')
      .attach('file1', pdfFile(), 'plan.pdf')
      .expect(403);
    // Not multipart at all (read by the form parser first), and multipart cut off mid-part.
    await agent
      .post(`/cases/${caseId}/documents`)
      .type('form')
      .send({ title1: 'Plan', kind1: 'plan' })
      .expect(403);
    const cut = await agent
      .post(`/cases/${caseId}/documents`)
      .set('Content-Type', 'multipart/form-data; boundary=XYZ')
      .send(
        '--XYZ\r\nContent-Disposition: form-data; name="file1"; filename="a.pdf"\r\n\r\n%PDF-1.4 half',
      )
      .expect(400);
    expect(cut.text).toContain('The upload did not arrive whole');
    expect(await stored(caseId)).toEqual(before);
  });

  it('lets a governance lead place a legal hold with its reason, refuses one without, and keeps officers out', async () => {
    const { world, caseId, agent } = await officerWithCase();
    await upload(
      agent,
      caseId,
      [{ title: 'Held plan', kind: 'plan', content: pdfFile(), name: 'plan.pdf' }],
      303,
    );
    const [doc]: { id: string }[] = await db().ds.query(
      'SELECT id FROM documents WHERE case_id = $1',
      [caseId],
    );
    const { csrf } = await formOf(agent, `/cases/${caseId}/documents`);
    await agent
      .post(`/cases/${caseId}/documents/${doc.id}/legal-hold`)
      .type('form')
      .send({ _csrf: csrf, reason: 'A claim' })
      .expect(403);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db().ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.ceo,
      role: 'governance_lead',
      password: 'lead-pass-1',
      at: clock().now(),
    });
    const lead = request.agent(app().getHttpServer());
    expect(
      (await postSignIn(lead, { email: world.emailOf('ceo'), password: 'lead-pass-1' })).status,
    ).toBe(303);
    const page = await lead.get(`/cases/${caseId}/documents`).expect(200);
    expect(page.text).toContain('Kept 6 years after the case closes (LGA 1972 s100C(1)');
    const leadCsrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const refused = await lead
      .post(`/cases/${caseId}/documents/${doc.id}/legal-hold`)
      .type('form')
      .send({ _csrf: leadCsrf, reason: '  ' })
      .expect(422);
    expect(refused.text).toContain(`href="#hold-${doc.id}"`);
    await lead
      .post(`/cases/${caseId}/documents/${doc.id}/legal-hold`)
      .type('form')
      .send({ _csrf: leadCsrf, reason: 'Employment tribunal claim 2203/21' })
      .expect(303);
    const [held]: { legal_hold: string }[] = await db().ds.query(
      'SELECT legal_hold FROM documents WHERE id = $1',
      [doc.id],
    );
    expect(held.legal_hold).toBe('Employment tribunal claim 2203/21');
    expect((await lead.get(`/cases/${caseId}/documents`)).text).toContain(
      'Under legal hold: Employment tribunal claim 2203/21',
    );
  });
});
