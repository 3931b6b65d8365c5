import { INestApplication } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { pdfFile } from '../libs/testing/document-fixtures.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A GET read to its end or its abort, as any HTTP client sees it. */
function fetchAll(
  url: string,
): Promise<{ status: number; length: number; received: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent: false }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      const done = () =>
        resolve({
          status: res.statusCode ?? 0,
          length: Number(res.headers['content-length']),
          received: Buffer.concat(parts),
          complete: res.complete,
        });
      res.on('end', done);
      res.on('aborted', done);
      res.on('error', done);
    })
      .on('error', reject)
      .end();
  });
}

describe('documents stream from storage with their hash checked on the way', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let h: ReturnType<typeof engineHarness>;

  beforeAll(async () => {
    db = await openTestDatabase();
    h = engineHarness(db.ds);
    app = await buildTestApp(db.ds, h.clock, { LINK_RATE_LIMIT_PER_MINUTE: '1000' });
    await app.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('serves a document of several chunks whole, and aborts the response short of its length, with the abort in the evidence, when its last chunk no longer matches the hash', async () => {
    const world = await buildBcfWorld(db.ds);
    const server = app.getHttpServer();
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const caseId = (
      await request(server).post('/api/cases').set(auth).send(openBcfCaseBody(world)).expect(201)
    ).body.id as string;
    // Three chunks of 256 kB, read back in slices: the last is held back until the whole has hashed.
    const plan = Buffer.concat([pdfFile('A long plan'), randomBytes(700 * 1024)]);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-pass-1',
      at: h.clock.now(),
    });
    const agent = request.agent(server);
    await postSignIn(agent, { email: world.emailOf('officer'), password: 'officer-pass-1' });
    const page = (await agent.get(`/cases/${caseId}/documents`).expect(200)).text;
    await agent
      .post(`/cases/${caseId}/documents`)
      .field('_csrf', /name="_csrf" value="([^"]+)"/.exec(page)![1])
      .field('expectedVersion', /name="expectedVersion" value="(\d+)"/.exec(page)![1])
      .field('title1', 'Long plan')
      .field('kind1', 'plan')
      .attach('file1', plan, 'plan.pdf')
      .expect(303);
    await request(server)
      .post(`/api/cases/${caseId}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 2 })
      .expect(200);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/act/${app.get(LinkTokens).tokenFor(link.id)}/documents/1`;

    const whole = await fetchAll(url);
    expect(whole).toMatchObject({ status: 200, length: plan.length, complete: true });
    expect(sha(whole.received)).toBe(sha(plan));

    const [{ n }]: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM document_chunks c JOIN documents d ON d.id = c.document_id WHERE d.case_id = $1`,
      [caseId],
    );
    expect(n).toBe(3);
    await db.ds.query(
      `UPDATE document_chunks SET data = set_byte(data, 0, (get_byte(data, 0) + 1) % 256)
        WHERE document_id = (SELECT id FROM documents WHERE case_id = $1) AND seq = 2`,
      [caseId],
    );
    const cut = await fetchAll(url);
    expect(cut.status).toBe(200);
    expect(cut.complete).toBe(false);
    expect(cut.received.length).toBeLessThan(plan.length);
    // Read back in slices of 32 kB: only the last one is held back, and it never leaves.
    const heldBack = plan.length % (32 * 1024) || 32 * 1024;
    expect(cut.received.length).toBeLessThanOrEqual(plan.length - heldBack);
    const views: { method: string }[] = await db.ds.query(
      'SELECT method FROM action_link_views WHERE link_id = $1 ORDER BY id',
      [link.id],
    );
    expect(views.at(-1)?.method).toBe(
      `GET document 1: aborted after ${plan.length - heldBack} bytes: the content does not match SHA-256 ${sha(plan)}`,
    );
  });
});
