import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import {
  csrfOf,
  pageText,
  signedInAs,
  staffWorld,
} from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import type { BcfWorld } from '../libs/testing/world.factory';

/*
 * A rolling upgrade (docs/operations.md): a newer build released a template version and opened a
 * case on it, and a process of this build answers a request about that case. Whatever the request
 * (a staff page, a form, the API, an emailed link), the answer is 503 with Retry-After: a person
 * reads that the service is being updated and to try again in a minute (no version, key or id), an
 * API client TEMPLATE_VERSION_NOT_IN_THIS_BUILD; nothing is changed. Never a 500.
 */
describe('a case on a template version this build does not have', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, { LINK_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  /** A BCF plan awaiting agreement (version 2), then moved to a version of its template this build never released. */
  async function caseOfNewerBuild(w: BcfWorld) {
    const opened = await caseAwaitingAgreementOverApi(app, w);
    await db.ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [opened.caseId]);
    return opened;
  }

  const stored = async (caseId: string) =>
    (
      (await db.ds.query(
        `SELECT c.version, c.lifecycle_status AS status,
                (SELECT count(*)::int FROM case_events e WHERE e.case_id = c.id) AS events
           FROM cases c WHERE c.id = $1`,
        [caseId],
      )) as { version: number; status: string; events: number }[]
    )[0];

  /** What a person reads on the answer, and that it is the service-being-updated page. */
  function expectServiceUpdating(res: request.Response, what: string, sent: boolean) {
    expect({ what, status: res.status, retryAfter: res.headers['retry-after'] }).toEqual({
      what,
      status: 503,
      retryAfter: '60',
    });
    expect(res.headers['content-type']).toContain('text/html');
    const text = pageText(res.text);
    expect(text).toContain('Sorry, the service is being updated');
    expect(text).toContain('Try again in a minute');
    if (sent) expect(text).toContain('what you sent was not saved');
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(/bcf-delegated-sign-off|version 99|TEMPLATE_VERSION/);
  }

  it('gives a staff member every page and form of the case as “the service is being updated”, changing nothing', async () => {
    const w = await staffWorld(db.ds, clock);
    const { caseId: id, reference } = await caseOfNewerBuild(w);
    const before = await stored(id);
    for (const who of ['officer', 'governanceLead'] as const) {
      const staff = await signedInAs(app, w, who);
      const pages = [`/cases/${id}`, `/cases/${id}/certificate`, `/cases/${id}/verify`];
      if (who === 'officer')
        pages.push(
          `/cases/${id}/diagram.svg`,
          `/cases/${id}/withdraw`,
          `/cases/${id}/pause`,
          `/cases/${id}/resume`,
          `/cases/${id}/roles/chiefExecutive/reassign`,
        );
      for (const path of pages)
        expectServiceUpdating(
          await staff.get(path).set('Accept', 'text/html'),
          `${who} GET ${path}`,
          false,
        );
      // Found by its reference as any other case; the case's own page then says the same.
      await staff
        .get(`/cases/by-reference/${reference}`)
        .expect(303)
        .expect('Location', `/cases/${id}`);
    }
    const officer = await signedInAs(app, w, 'officer');
    const csrf = await csrfOf(officer, '/cases/new');
    const forms: [string, Record<string, string>][] = [
      [`/cases/${id}/events/SEEK_AGREEMENT`, { expectedVersion: '2' }],
      [`/cases/${id}/withdraw`, { expectedVersion: '2', reason: 'Replaced.', confirm: 'yes' }],
      [`/cases/${id}/pause`, { expectedVersion: '2', reason: 'Waiting for the ICB.' }],
      [
        `/cases/${id}/roles/chiefExecutive/reassign`,
        { expectedVersion: '2', holderId: w.ids.people.gp },
      ],
      [`/cases/${id}/chase`, { expectedVersion: '2' }],
    ];
    for (const [path, fields] of forms)
      expectServiceUpdating(
        await officer
          .post(path)
          .set('Accept', 'text/html')
          .type('form')
          .send({ _csrf: csrf, ...fields }),
        `officer POST ${path}`,
        true,
      );
    expect(await stored(id)).toEqual(before);
  });

  it('answers an API client 503 TEMPLATE_VERSION_NOT_IN_THIS_BUILD with Retry-After, changing nothing', async () => {
    const w = await staffWorld(db.ds, clock);
    const { caseId: id, reference } = await caseOfNewerBuild(w);
    const before = await stored(id);
    const server = () => request(app.getHttpServer());
    const auth = { Authorization: `Bearer ${w.keys.officer}` };
    const answers: [string, request.Response][] = [];
    for (const path of [
      `/api/cases/${id}`,
      `/api/cases/by-reference/${reference}`,
      `/api/cases/${id}/diagram.svg`,
      `/api/cases/${id}/certificate`,
      `/api/cases/${id}/documents`,
      `/api/cases/${id}/decision-notice`,
      `/api/cases/${id}/decision-notice.html`,
    ])
      answers.push([`GET ${path}`, await server().get(path).set(auth)]);
    for (const [path, body] of [
      [`/api/cases/${id}/events`, { type: 'SEEK_AGREEMENT', expectedVersion: 2 }],
      [`/api/cases/${id}/withdraw`, { expectedVersion: 2, reason: 'Replaced.' }],
      [`/api/cases/${id}/pause`, { expectedVersion: 2, reason: 'Waiting for the ICB.' }],
      [`/api/cases/${id}/resume`, { expectedVersion: 2 }],
      [
        `/api/cases/${id}/roles/chiefExecutive/reassign`,
        { expectedVersion: 2, holderId: w.ids.people.gp },
      ],
    ] as const)
      answers.push([`POST ${path}`, await server().post(path).set(auth).send(body)]);
    for (const [what, res] of answers) {
      expect({ what, status: res.status, retryAfter: res.headers['retry-after'] }).toEqual({
        what,
        status: 503,
        retryAfter: '60',
      });
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        code: 'TEMPLATE_VERSION_NOT_IN_THIS_BUILD',
        caseId: id,
        templateId: 'bcf-delegated-sign-off',
        templateVersion: 99,
        retryAfterSeconds: 60,
      });
    }
    // Its audit trail needs no template: read as any other.
    await server().get(`/api/cases/${id}/audit`).set(auth).expect(200);
    await server().get(`/api/cases/${id}/audit/verify`).set(auth).expect(200);
    expect(await stored(id)).toEqual(before);
  });

  it('gives the person answering an emailed link the same page, and records no answer', async () => {
    const w = await staffWorld(db.ds, clock);
    const opened = await caseAwaitingAgreementOverApi(app, w);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [opened.caseId, w.ids.people.ceo],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);
    const page = await request(app.getHttpServer()).get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1];
    await db.ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [opened.caseId]);
    const before = await stored(opened.caseId);

    expectServiceUpdating(
      await request(app.getHttpServer()).get(`/act/${token}`).set('Accept', 'text/html'),
      'GET the link',
      false,
    );
    expectServiceUpdating(
      await request(app.getHttpServer())
        .post(`/act/${token}`)
        .set('Accept', 'text/html')
        .type('form')
        .send({ csrf, response: 'approve' }),
      'POST the link',
      true,
    );
    expect(await stored(opened.caseId)).toEqual(before);
    const [{ status }]: { status: string }[] = await db.ds.query(
      `SELECT status FROM action_links WHERE id = $1`,
      [link.id],
    );
    expect(status).toBe('open');
  });
});
