import { randomBytes } from 'node:crypto';
import { DocumentStore } from '../libs/documents/document-store.repository';
import { binaryBody } from '../libs/testing/binary-response.service';
import { pdfFile } from '../libs/testing/document-fixtures.service';
import { documentsPagesHarness, sha } from '../libs/testing/documents-pages-harness.service';
import { startS3TestServer } from '../libs/testing/s3-test-server.service';
import { tenantScope } from '../libs/core/tenant-scope';

/*
 * Documents' contents in an S3 bucket (s3rver) when the settings say so; the app, the officer's
 * case and the upload form from libs/testing/documents-pages-harness.service.ts.
 */

const SETTINGS = {
  DOCUMENT_STORE: 's3',
  DOCUMENT_S3_BUCKET: 'ratify-documents',
  DOCUMENT_S3_FORCE_PATH_STYLE: 'true',
  DOCUMENT_S3_PREFIX: 'council-documents/',
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
};

describe('documents kept in object storage when the settings say so', () => {
  let s3: Awaited<ReturnType<typeof startS3TestServer>> | undefined;
  const { db, app, officerWithCase, upload } = documentsPagesHarness({
    store: {
      start: async () => {
        const started = await startS3TestServer();
        s3 = started;
        return { ...SETTINGS, DOCUMENT_S3_ENDPOINT: String(started.location.endpoint) };
      },
      stop: async () => {
        await s3?.stop();
      },
    },
  });

  it('stores an upload from the pages in the bucket, none of it in PostgreSQL, serves it to staff whole with its hash, and removes it from the bucket when disposed of', async () => {
    const { world, caseId, agent } = await officerWithCase();
    const plan = Buffer.concat([pdfFile('A plan in the bucket'), randomBytes(600 * 1024)]);
    await upload(
      agent,
      caseId,
      [{ title: 'Plan', kind: 'plan', content: plan, name: 'plan.pdf' }],
      303,
    );

    const [doc]: { id: string; content_store: string; sha256: string }[] = await db().ds.query(
      'SELECT id, content_store, sha256 FROM documents WHERE case_id = $1',
      [caseId],
    );
    expect(doc).toMatchObject({ content_store: 's3', sha256: sha(plan) });
    const [{ n }]: { n: number }[] = await db().ds.query(
      'SELECT count(*)::int AS n FROM document_chunks WHERE document_id = $1',
      [doc.id],
    );
    expect(n).toBe(0);

    const read = await agent
      .get(`/cases/${caseId}/documents/${doc.id}/content`)
      .buffer(true)
      .parse(binaryBody)
      .expect(200);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(sha(read.body as Buffer)).toBe(sha(plan));

    await db().ds.transaction((m) =>
      app().get(DocumentStore).remove(tenantScope(world.tenantId), m, doc.id),
    );
    await agent.get(`/cases/${caseId}/documents/${doc.id}/content`).expect(409);
  });
});
