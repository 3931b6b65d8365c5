import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { LinkTokens } from '../libs/links/link-token.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { executableFile, pdfFile } from '../libs/testing/document-fixtures.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('documents: upload in the pages, staff read, approvers read from their link', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;
  const limitBefore = process.env.DOCUMENT_MAX_MB;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds);
    // A 1 MB limit keeps the over-the-limit upload small; the default (25 MB) is the same code.
    process.env.DOCUMENT_MAX_MB = '1';
    app = await buildTestApp(db.ds, h.clock, { LINK_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    if (limitBefore === undefined) delete process.env.DOCUMENT_MAX_MB;
    else process.env.DOCUMENT_MAX_MB = limitBefore;
    await app?.close();
    await db?.drop();
  });

  async function officerWithCase(): Promise<{ world: BcfWorld; caseId: string; agent: TestAgent }> {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-pass-1',
      at: h.clock.now(),
    });
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    const agent = request.agent(app.getHttpServer());
    const email = world.emailOf('officer');
    expect((await postSignIn(agent, { email, password: 'officer-pass-1' })).status).toBe(303);
    return { world, caseId: opened.body.id as string, agent };
  }

  async function formOf(agent: TestAgent, path: string) {
    const page = await agent.get(path).expect(200);
    return {
      csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1],
      version: /name="expectedVersion" value="(\d+)"/.exec(page.text)![1],
    };
  }

  async function stored(caseId: string) {
    const [d]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM documents WHERE case_id = $1',
      [caseId],
    );
    const [c]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM document_chunks c JOIN documents d ON d.id = c.document_id WHERE d.case_id = $1',
      [caseId],
    );
    const [v]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    return { documents: d.n, chunks: c.n, caseVersion: v.version };
  }

  async function upload(
    agent: TestAgent,
    caseId: string,
    files: { title: string; kind: string; content: Buffer; name: string }[],
    status: number,
  ) {
    const { csrf, version } = await formOf(agent, `/cases/${caseId}/documents`);
    let r = agent
      .post(`/cases/${caseId}/documents`)
      .field('_csrf', csrf)
      .field('expectedVersion', version);
    files.forEach((f, i) => {
      r = r
        .field(`title${i + 1}`, f.title)
        .field(`kind${i + 1}`, f.kind)
        .attach(`file${i + 1}`, f.content, f.name);
    });
    return r.expect(status);
  }

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

    const docs: { id: string; name: string; media_type: string }[] = await db.ds.query(
      'SELECT id, name, media_type FROM documents WHERE case_id = $1 ORDER BY name',
      [caseId],
    );
    expect(docs.map((d) => d.media_type)).toEqual(['application/pdf', 'text/csv']);
    const pdf = await agent
      .get(`/cases/${caseId}/documents/${docs[0].id}/content`)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
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

  it('lets an approver read exactly the versions bound to their request, records each GET and HEAD, and refuses others and a changed content', async () => {
    const { world, caseId, agent } = await officerWithCase();
    const plan = pdfFile('The plan the CEO reads');
    await upload(
      agent,
      caseId,
      [{ title: 'BCF plan', kind: 'plan', content: plan, name: 'plan.pdf' }],
      303,
    );
    const { version } = await formOf(agent, `/cases/${caseId}/documents`);
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: Number(version) })
      .expect(200);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);
    const server = app.getHttpServer();
    const confirm = await request(server).get(`/act/${token}`).expect(200);
    expect(confirm.text).toContain(`href="/act/${token}/documents/1"`);
    expect(confirm.text).toContain('BCF plan (version 1, PDF');
    expect(confirm.text).not.toContain('No documents are attached');

    const read = await request(server)
      .get(`/act/${token}/documents/1`)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
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
        (await db.ds.query('SELECT method FROM action_link_views WHERE link_id = $1 ORDER BY id', [
          link.id,
        ])) as { method: string }[]
      ).map((v) => v.method);
    expect(await views()).toEqual(
      expect.arrayContaining([
        `GET document 1: “BCF plan” version 1, SHA-256 ${sha(plan)}`,
        `HEAD document 1: “BCF plan” version 1, SHA-256 ${sha(plan)}`,
        'GET document 2: refused, no such document on this request',
      ]),
    );

    // Content changed behind the record's back: refused, nothing of it served, and recorded.
    await db.ds.query(
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
        `/cases/${caseId}/documents/${(await db.ds.query('SELECT id FROM documents WHERE case_id = $1', [caseId]))[0].id}/content`,
      )
      .expect(409);
  });

  it('lets a governance lead place a legal hold with its reason, refuses one without, and keeps officers out', async () => {
    const { world, caseId, agent } = await officerWithCase();
    await upload(
      agent,
      caseId,
      [{ title: 'Held plan', kind: 'plan', content: pdfFile(), name: 'plan.pdf' }],
      303,
    );
    const [doc]: { id: string }[] = await db.ds.query(
      'SELECT id FROM documents WHERE case_id = $1',
      [caseId],
    );
    const { csrf } = await formOf(agent, `/cases/${caseId}/documents`);
    await agent
      .post(`/cases/${caseId}/documents/${doc.id}/legal-hold`)
      .type('form')
      .send({ _csrf: csrf, reason: 'A claim' })
      .expect(403);
    await StaffAuthService.createAccount(db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.ceo,
      role: 'governance_lead',
      password: 'lead-pass-1',
      at: h.clock.now(),
    });
    const lead = request.agent(app.getHttpServer());
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
    const [held]: { legal_hold: string }[] = await db.ds.query(
      'SELECT legal_hold FROM documents WHERE id = $1',
      [doc.id],
    );
    expect(held.legal_hold).toBe('Employment tribunal claim 2203/21');
    expect((await lead.get(`/cases/${caseId}/documents`)).text).toContain(
      'Under legal hold: Employment tribunal claim 2203/21',
    );
  });

  it('through the API too: content checked by its bytes, and a Part 2 appendix never named in an email', async () => {
    const { world, caseId } = await officerWithCase();
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const before = await stored(caseId);
    const refused = await request(app.getHttpServer())
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
    await request(app.getHttpServer())
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
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 2 })
      .expect(200);
    const emails: { payload: unknown }[] = await db.ds.query(
      `SELECT payload FROM effects WHERE case_id = $1 AND kind = 'email'`,
      [caseId],
    );
    expect(emails.length).toBeGreaterThan(0);
    expect(JSON.stringify(emails)).not.toContain('Confidential staffing costs');
    expect(JSON.stringify(emails)).toContain('Exempt appendix (Part 2, not named by email)');
  });

  it('a new version while a request is open voids the link, sends the request again with the new version and says why', async () => {
    const { world, caseId, agent } = await officerWithCase();
    await upload(
      agent,
      caseId,
      [{ title: 'BCF plan', kind: 'plan', content: pdfFile('one'), name: 'plan.pdf' }],
      303,
    );
    const { version } = await formOf(agent, `/cases/${caseId}/documents`);
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: Number(version) })
      .expect(200);
    const [old]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    const [first]: { id: string }[] = await db.ds.query(
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
    const oldToken = app.get(LinkTokens).tokenFor(old.id);
    await request(app.getHttpServer()).get(`/act/${oldToken}/documents/1`).expect(404);
    const [fresh]: { id: string; document_hashes: { sha256: string }[] }[] = await db.ds.query(
      `SELECT id, document_hashes FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    expect(fresh.document_hashes.map((d) => d.sha256)).toEqual([sha(two)]);
    const [email]: { payload: { note?: string } }[] = await db.ds.query(
      `SELECT payload FROM effects WHERE case_id = $1 AND kind = 'email' AND payload->>'linkId' = $2`,
      [caseId, fresh.id],
    );
    expect(email.payload.note).toContain(
      'a new version of “BCF plan” replaced the one sent before',
    );
  });
});
