import { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import request from 'supertest';
import { DocumentStore } from '../libs/documents/document-store.repository';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { pdfFile } from '../libs/testing/document-fixtures.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { startS3TestServer } from '../libs/testing/s3-test-server.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const SETTINGS = {
  DOCUMENT_STORE: 's3',
  DOCUMENT_S3_BUCKET: 'ratify-documents',
  DOCUMENT_S3_ENDPOINT: '',
  DOCUMENT_S3_FORCE_PATH_STYLE: 'true',
  DOCUMENT_S3_PREFIX: 'council-documents/',
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
};

describe('documents kept in object storage when the settings say so', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;
  let s3: Awaited<ReturnType<typeof startS3TestServer>>;
  const before: Record<string, string | undefined> = {};

  beforeAll(async () => {
    s3 = await startS3TestServer();
    db = await openTestDatabase();
    h = engineHarness(db.ds);
    for (const [k, v] of Object.entries(SETTINGS)) {
      before[k] = process.env[k];
      process.env[k] = k === 'DOCUMENT_S3_ENDPOINT' ? s3.location.endpoint : v;
    }
    app = await buildTestApp(db.ds, h.clock);
  });
  afterAll(async () => {
    for (const [k, v] of Object.entries(before))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    await app?.close();
    await db?.drop();
    await s3?.stop();
  });

  it('stores an upload from the pages in the bucket, none of it in PostgreSQL, serves it to staff whole with its hash, and removes it from the bucket when disposed of', async () => {
    const world = await buildBcfWorld(db.ds);
    const server = app.getHttpServer();
    const caseId = (
      await request(server)
        .post('/api/cases')
        .set({ Authorization: `Bearer ${world.keys.officer}` })
        .send(openBcfCaseBody(world))
        .expect(201)
    ).body.id as string;
    await StaffAuthService.createAccount(db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-pass-1',
      at: h.clock.now(),
    });
    const agent = request.agent(server);
    await postSignIn(agent, { email: world.emailOf('officer'), password: 'officer-pass-1' });
    const page = (await agent.get(`/cases/${caseId}/documents`).expect(200)).text;
    const plan = Buffer.concat([pdfFile('A plan in the bucket'), randomBytes(600 * 1024)]);
    await agent
      .post(`/cases/${caseId}/documents`)
      .field('_csrf', /name="_csrf" value="([^"]+)"/.exec(page)![1])
      .field('expectedVersion', /name="expectedVersion" value="(\d+)"/.exec(page)![1])
      .field('title1', 'Plan')
      .field('kind1', 'plan')
      .attach('file1', plan, 'plan.pdf')
      .expect(303);

    const [doc]: { id: string; content_store: string; sha256: string }[] = await db.ds.query(
      'SELECT id, content_store, sha256 FROM documents WHERE case_id = $1',
      [caseId],
    );
    expect(doc).toMatchObject({ content_store: 's3', sha256: sha(plan) });
    const [{ n }]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM document_chunks WHERE document_id = $1',
      [doc.id],
    );
    expect(n).toBe(0);

    const read = await agent
      .get(`/cases/${caseId}/documents/${doc.id}/content`)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => done(null, Buffer.concat(parts)));
      })
      .expect(200);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(sha(read.body as Buffer)).toBe(sha(plan));

    await db.ds.transaction((m) => app.get(DocumentStore).remove(m, world.tenantId, doc.id));
    await agent.get(`/cases/${caseId}/documents/${doc.id}/content`).expect(409);
  });
});
