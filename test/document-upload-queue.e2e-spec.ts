import { INestApplication } from '@nestjs/common';
import { request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { pdfFile } from '../libs/testing/document-fixtures.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * Documents over the API are read one at a time (ADR 0037), and Node's REQUEST_TIMEOUT_MS runs
 * while one waits its turn unread (issue #21): a slow uploader in one council must not make
 * another council's upload end in a 408 after the timeout. The one waiting is answered 503 with
 * Retry-After within half of the timeout; the one reading goes on as before.
 */

const REQUEST_TIMEOUT_MS = 6000;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

describe('documents over the API waiting their turn', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let port: number;

  beforeAll(async () => {
    db = await openTestDatabase();
    const h = engineHarness(db.ds);
    app = await buildTestApp(db.ds, h.clock, {
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      DOCUMENT_UPLOADS_AT_ONCE: '1',
    });
    const server = app.getHttpServer() as Server;
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function councilCase() {
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const res = await request(app.getHttpServer())
      .post('/api/cases')
      .set(auth)
      .send(openBcfCaseBody(world))
      .expect(201);
    return { caseId: (res.body as { id: string }).id, auth };
  }

  /** A base64 document of about 300 kB whose first kilobyte is sent now and the rest when told. */
  function slowUpload(c: { caseId: string; auth: Record<string, string> }) {
    const pdf = pdfFile('A slow plan');
    const content = Buffer.concat([pdf, Buffer.alloc(220 * 1024 - pdf.length, 0x20)]);
    const body = Buffer.from(
      JSON.stringify({
        expectedVersion: 1,
        name: 'Better Care Fund plan',
        kind: 'plan',
        mediaType: 'application/pdf',
        contentBase64: content.toString('base64'),
      }),
    );
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/cases/${c.caseId}/documents`,
      headers: { ...c.auth, 'Content-Type': 'application/json', 'Content-Length': body.length },
    });
    // A connection lost is an answer too (status 0), so that the assertions say what came back.
    const answer = new Promise<Answer>((resolve) => {
      req.on('error', (e) => resolve({ status: 0, headers: {}, text: String(e) }));
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      });
    });
    req.write(body.subarray(0, 1024));
    return {
      answer,
      sendTheRest: () => req.end(body.subarray(1024)),
      drop: () => req.destroy(),
    };
  }

  it("answers another council's upload 503 with Retry-After within half the request timeout while a slow one is read, not 408 after it", async () => {
    const [first, second] = [await councilCase(), await councilCase()];
    const started = Date.now();
    const uploads = [slowUpload(first), slowUpload(second)];
    try {
      const refused = await Promise.race(
        uploads.map((u, i) => u.answer.then((a) => ({ ...a, i }))),
      );
      const elapsed = Date.now() - started;
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe(String(REQUEST_TIMEOUT_MS / 2000));
      expect(refused.headers['connection']).toBe('close');
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = JSON.parse(refused.text) as { code: string; detail: string };
      expect(problem.code).toBe('UPLOADS_BUSY');
      expect(problem.detail).toMatch(/^[A-Z].{10,}\.$/s);
      expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS);
      uploads[refused.i].drop();

      // The upload that had the turn is read once the rest of its body arrives.
      const reading = uploads[1 - refused.i];
      reading.sendTheRest();
      expect((await reading.answer).status).toBe(201);
      const stored: { n: number }[] = await db.ds.query(
        'SELECT count(*)::int AS n FROM documents WHERE case_id = ANY($1)',
        [[first.caseId, second.caseId]],
      );
      expect(stored[0].n).toBe(1);

      // And the refused council can send its document now that the turn is free.
      const again = slowUpload(refused.i === 0 ? first : second);
      again.sendTheRest();
      expect((await again.answer).status).toBe(201);
    } finally {
      uploads.forEach((u) => u.drop());
    }
  });
});
