import { INestApplication } from '@nestjs/common';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { executableFile, pdfFile } from '../libs/testing/document-fixtures.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../libs/testing/world.factory';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const MB = 1024 * 1024;

/** A PDF of about `bytes`: the fixture's PDF, padded (the sniffer reads the first bytes). */
const pdfOf = (bytes: number) => {
  const pdf = pdfFile('A large plan');
  return Buffer.concat([pdf, Buffer.alloc(Math.max(0, bytes - pdf.length), 0x20)]);
};

describe('documents through the API: a file streamed as multipart up to the limit, base64 for small ones', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;
  const limitBefore = process.env.DOCUMENT_MAX_MB;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds);
    // 21 MB: a 20 MB file goes in, a 22 MB one is over; the default (25 MB) is the same code.
    process.env.DOCUMENT_MAX_MB = '21';
    app = await buildTestApp(db.ds, h.clock);
  });
  afterAll(async () => {
    if (limitBefore === undefined) delete process.env.DOCUMENT_MAX_MB;
    else process.env.DOCUMENT_MAX_MB = limitBefore;
    await app?.close();
    await db?.drop();
  });

  async function openCase(): Promise<{
    world: BcfWorld;
    caseId: string;
    auth: Record<string, string>;
  }> {
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const caseId = (
      await request(app.getHttpServer())
        .post('/api/cases')
        .set(auth)
        .send(openBcfCaseBody(world))
        .expect(201)
    ).body.id as string;
    return { world, caseId, auth };
  }

  const documentsOf = async (caseId: string) =>
    (await db.ds.query(
      'SELECT id, name, size_bytes, sha256 FROM documents WHERE case_id = $1 ORDER BY uploaded_at',
      [caseId],
    )) as { id: string; name: string; size_bytes: number; sha256: string }[];

  it('takes a 20 MB PDF as a multipart file, stores it whole with its SHA-256 in its chunks', async () => {
    const { caseId, auth } = await openCase();
    const big = pdfOf(20 * MB);
    const res = await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/documents/upload`)
      .set(auth)
      .field('expectedVersion', '1')
      .field('name', 'Better Care Fund plan, full version')
      .field('kind', 'plan')
      .attach('file', big, { filename: 'plan.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(res.body).toMatchObject({
      name: 'Better Care Fund plan, full version',
      kind: 'plan',
      version: 1,
      mediaType: 'application/pdf',
      sizeBytes: big.length,
      sha256: sha(big),
    });
    expect(await documentsOf(caseId)).toEqual([
      expect.objectContaining({ id: res.body.id, size_bytes: big.length, sha256: sha(big) }),
    ]);
    const [{ bytes }]: { bytes: string }[] = await db.ds.query(
      'SELECT sum(length(data))::bigint AS bytes FROM document_chunks WHERE document_id = $1',
      [res.body.id],
    );
    expect(Number(bytes)).toBe(big.length);
  });

  it('takes a base64 document of 100 kB in JSON, which the request text limit used to refuse', async () => {
    const { caseId, auth } = await openCase();
    const pdf = pdfOf(100 * 1024);
    const res = await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/documents`)
      .set(auth)
      .send({
        expectedVersion: 1,
        name: 'Year-end report',
        kind: 'report',
        mediaType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      })
      .expect(201);
    expect(res.body).toMatchObject({ sizeBytes: pdf.length, sha256: sha(pdf) });
    // Every other field still has its limit.
    const long = await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/documents`)
      .set(auth)
      .send({
        expectedVersion: 2,
        name: 'x'.repeat(20_001),
        mediaType: 'application/pdf',
        contentBase64: pdf.toString('base64'),
      })
      .expect(400);
    expect(long.body.code).toBe('INVALID_TEXT');
  });

  it('takes the same base64 document at the path as Express routes it: a trailing slash, other letter case', async () => {
    const { caseId, auth } = await openCase();
    const pdf = pdfOf(200 * 1024);
    for (const [path, version] of [
      [`/api/cases/${caseId}/documents/`, 1],
      [`/api/Cases/${caseId}/Documents`, 2],
    ] as const) {
      const res = await request(app.getHttpServer())
        .post(path)
        .set(auth)
        .send({
          expectedVersion: version,
          name: 'Plan',
          mediaType: 'application/pdf',
          contentBase64: pdf.toString('base64'),
        });
      expect([res.status, res.body]).toEqual([201, expect.objectContaining({ sha256: sha(pdf) })]);
    }
  });

  it('refuses a file over the limit, a disguised executable, a name with a path or control character, a missing file or version, and a caller without a key, storing nothing', async () => {
    const { caseId, auth } = await openCase();
    const server = app.getHttpServer();
    const upload = (fields: Record<string, string>, file?: { content: Buffer; name: string }) => {
      let r = request(server).post(`/api/cases/${caseId}/documents/upload`).set(auth);
      for (const [k, v] of Object.entries(fields)) r = r.field(k, v);
      // `filepath`: the name sent as given (form-data cuts a `filename` to its last part).
      const sent = { filepath: file?.name, contentType: 'application/pdf' };
      if (file) r = r.attach('file', file.content, sent);
      return r;
    };
    const tooBig = await upload(
      { expectedVersion: '1', name: 'Too big' },
      { content: pdfOf(22 * MB), name: 'big.pdf' },
    );
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.problems).toEqual([
      { path: 'file', message: 'The selected file must be smaller than 21 MB' },
    ]);
    const disguised = await upload(
      { expectedVersion: '1', name: 'plan.pdf' },
      { content: executableFile(), name: 'plan.pdf' },
    ).expect(422);
    expect(disguised.body.problems[0].path).toBe('file');
    // A name with a path in it: refused, never cut to its last part and stored.
    for (const name of ['../../etc/plan.pdf', 'c:\\reports\\plan.pdf']) {
      const badName = await upload(
        { expectedVersion: '1', name: 'Plan' },
        { content: pdfFile(), name },
      );
      expect({ name, status: badName.status, problems: badName.body.problems }).toEqual({
        name,
        status: 422,
        problems: [
          {
            path: 'file',
            message:
              'The file’s name must not contain slashes or control characters: rename the file and select it again',
          },
        ],
      });
    }
    // A control character in the name breaks the part's header: the form is refused whole.
    const control = await upload(
      { expectedVersion: '1', name: 'Plan' },
      { content: pdfFile(), name: 'plan\u007f.pdf' },
    ).expect(422);
    expect(control.body.problems).toEqual([
      { path: 'file', message: 'send a well-formed multipart/form-data body' },
    ]);
    const noFile = await upload({ expectedVersion: '1', name: 'Plan' }).expect(422);
    expect(noFile.body.problems).toEqual([
      { path: 'file', message: 'give the document as the file part named file' },
    ]);
    const noVersion = await upload({ name: 'Plan' }, { content: pdfFile(), name: 'plan.pdf' });
    expect(noVersion.status).toBe(422);
    expect(noVersion.body.problems[0].path).toBe('expectedVersion');
    await request(server)
      .post(`/api/cases/${caseId}/documents/upload`)
      .field('expectedVersion', '1')
      .field('name', 'Plan')
      .attach('file', pdfFile(), { filename: 'plan.pdf', contentType: 'application/pdf' })
      .expect(401);
    expect(await documentsOf(caseId)).toEqual([]);
  });
});
