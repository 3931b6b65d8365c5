import { createHash } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { StaffAuthService } from '../staff/staff-auth.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { engineHarness } from './engine-harness.service';
import { postSignIn } from './sign-in.service';
import { testAppHarness } from './test-app.service';
import { type BcfWorld, buildBcfWorld, openBcfCaseBody } from './world.factory';

/*
 * Documents uploaded in the pages and read by staff and by approvers from their links
 * (test/documents, documents-approver-links and documents-in-object-storage): a database and app
 * per spec file with a 1 MB document limit (the over-the-limit upload kept small; the default
 * 25 MB is the same code), their contents in PostgreSQL or in a store the spec starts; each
 * test's own BCF council with a case and its officer signed in; the documents form filled as a
 * browser fills it, and what the case stores.
 */

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export interface UploadedFile {
  title: string;
  kind: string;
  content: Buffer;
  name: string;
}

export interface DocumentStoreUnderTest {
  /** Starts the store and says the document settings that name it (DOCUMENT_STORE, ...). */
  start(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

/**
 * Opens the spec file's database and app before its tests, closes them after; with `store`, the
 * app keeps documents' contents there (started before the app, stopped after it).
 */
export function documentsPagesHarness(o: { store?: DocumentStoreUnderTest } = {}) {
  // The document settings are read from the process's environment: set for the app, then put back.
  const before: Record<string, string | undefined> = {};
  const ready = testAppHarness({
    what: 'the database and the app',
    beforeApp: async (db) => {
      const settings = { DOCUMENT_MAX_MB: '1', ...(await o.store?.start()) };
      for (const [k, v] of Object.entries(settings)) {
        before[k] = process.env[k];
        process.env[k] = v;
      }
      return { h: engineHarness(db.ds) };
    },
    clock: (t) => t.h.clock,
    env: { LINK_RATE_LIMIT_PER_MINUTE: '1000' },
    closeAfterApp: async () => {
      for (const [k, v] of Object.entries(before))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      await o.store?.stop();
    },
  });
  const db = () => ready().db;
  const app = () => ready().app;
  const clock = () => ready().h.clock;

  /** A council of the test's own with a BCF case, and its officer signed in to the pages. */
  async function officerWithCase(): Promise<{ world: BcfWorld; caseId: string; agent: TestAgent }> {
    const world = await buildBcfWorld(db().ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db().ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-pass-1',
      at: clock().now(),
    });
    const opened = await request(app().getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    const agent = request.agent(app().getHttpServer());
    const email = world.emailOf('officer');
    expect((await postSignIn(agent, { email, password: 'officer-pass-1' })).status).toBe(303);
    return { world, caseId: opened.body.id as string, agent };
  }

  /** A page's form tokens: the session's CSRF token and the case version it was drawn at. */
  async function formOf(agent: TestAgent, path: string) {
    const page = await agent.get(path).expect(200);
    return {
      csrf: /name="_csrf" value="([^"]+)"/.exec(page.text)![1],
      version: /name="expectedVersion" value="(\d+)"/.exec(page.text)![1],
    };
  }

  /** What a case stores of documents, and its version: unchanged by any refusal. */
  async function stored(caseId: string) {
    const [d]: { n: number }[] = await db().ds.query(
      'SELECT count(*)::int AS n FROM documents WHERE case_id = $1',
      [caseId],
    );
    const [c]: { n: number }[] = await db().ds.query(
      'SELECT count(*)::int AS n FROM document_chunks c JOIN documents d ON d.id = c.document_id WHERE d.case_id = $1',
      [caseId],
    );
    const [v]: { version: number }[] = await db().ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    return { documents: d.n, chunks: c.n, caseVersion: v.version };
  }

  /** The documents page's upload form sent with one to three files, expecting `status`. */
  async function upload(agent: TestAgent, caseId: string, files: UploadedFile[], status: number) {
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

  return { db, app, clock, officerWithCase, formOf, stored, upload };
}
