import { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import request from 'supertest';
import { loadSettings } from '../libs/config/settings.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildJcbWorld, JcbWorld } from '../libs/testing/jcb-world.factory';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { openBcfCaseBody } from '../libs/testing/world.factory';

/*
 * Regressions from a bounded fuzz of every operation (issue "Hostile and careless input"): each
 * request here once hung the process, stalled it for seconds, or gave a 500. Each is now a 4xx
 * that says what to fix, and changes nothing.
 */

const TABLES = ['cases', 'case_events', 'audit_records', 'effects', 'meetings', 'agenda_items'];
const MEETING = '2025-09-04';

describe('hostile and careless input', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  let cases: HttpCases;
  const server = () => request(app.getHttpServer());
  const keyOf = (who: string) =>
    who === 'officer' ? world.keys.officer : (world.jcbKeys as Record<string, string>)[who];
  const officer = () => ({ Authorization: `Bearer ${world.keys.officer}` });

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildJcbWorld(db.ds);
    const { clock } = engineHarness(db.ds, '2025-08-01T09:00:00Z');
    app = await buildTestApp(db.ds, clock, {
      REQUEST_TIMEOUT_MS: '5000',
      API_RATE_LIMIT_PER_MINUTE: '400',
    });
    cases = new HttpCases(() => app, keyOf);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function rowCounts(): Promise<Record<string, number>> {
    const [row]: Record<string, number>[] = await db.ds.query(
      `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(', ')}`,
    );
    return row;
  }

  /** The response is the refusal `code` as problem+json with a sentence, and nothing changed. */
  async function refused(send: () => request.Test, status: number, code: string) {
    const before = await rowCounts();
    const res = await send();
    expect({ status: res.status, code: (res.body as { code?: string }).code }).toEqual({
      status,
      code,
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((res.body as { detail: string }).detail).toMatch(/^[A-Z].{10,}\.$/s);
    expect(await rowCounts()).toEqual(before);
    return res.body as { detail: string; problems?: { path: string; message: string }[] };
  }

  async function meeting(): Promise<string> {
    const res = await server()
      .post('/api/meetings')
      .set(officer())
      .send({ body: world.ids.bodies.jcb, meetingDate: MEETING, title: 'JCB, 4 September 2025' })
      .expect(201);
    return (res.body as { id: string }).id;
  }

  describe('dates', () => {
    it('refuses a publication dated 9999-12-31 on a JCB case at once, naming the years it takes', async () => {
      const c = await cases.open({
        template: 'jcb-delegated-decision',
        title: 'Carers contract',
        dates: { meetingDate: MEETING },
        roles: world.jcbV7Roles,
      });
      const p = await refused(
        () =>
          server()
            .post(`/api/cases/${c.id}/events`)
            .set(officer())
            .send({
              type: 'RECORD_PUBLICATION',
              expectedVersion: c.version,
              payload: { publishedOn: '9999-12-31' },
            }),
        422,
        'INVALID_INPUT',
      );
      expect(p.problems).toContainEqual({
        path: 'publishedOn',
        message: 'use a year from 1990 to 2100',
      });
      // The service still answers.
      await server().get(`/api/cases/${c.id}`).set(officer()).expect(200);
    });

    it('refuses a forward plan in year 0202 on an agenda item, and year 0000 anywhere', async () => {
      const meetingId = await meeting();
      const p = await refused(
        () =>
          server()
            .post(`/api/meetings/${meetingId}/agenda-items`)
            .set(officer())
            .send({ title: 'Carers', keyDecision: true, forwardPlanPublishedOn: '0202-07-01' }),
        422,
        'INVALID_INPUT',
      );
      expect(p.problems?.map((x) => x.message)).toContain('use a year from 1990 to 2100');
      await refused(
        () =>
          server()
            .post('/api/meetings')
            .set(officer())
            .send({ body: world.ids.bodies.jcb, meetingDate: '0000-01-01', title: 'JCB' }),
        422,
        'INVALID_INPUT',
      );
    });

    it('refuses an impossible date in the public register’s filter with the field named', async () => {
      const [{ slug }]: { slug: string }[] = await db.ds.query(
        'SELECT slug FROM tenants WHERE tenant_id = $1',
        [world.tenantId],
      );
      const res = await server()
        .get(`/register/${slug}?from=2025-02-30`)
        .set('Accept', 'text/html')
        .expect(422);
      expect(res.text).toContain('The published from date must be a real date');
    });
  });

  describe('text that cannot be kept', () => {
    it('refuses a NUL in a case title as INVALID_TEXT naming the field', async () => {
      const p = await refused(
        () =>
          server()
            .post('/api/cases')
            .set(officer())
            .send(openBcfCaseBody(world, { title: 'Better Care\u0000 Fund plan' })),
        400,
        'INVALID_TEXT',
      );
      expect(p.problems).toEqual([
        { path: 'body.title', message: 'contains a NUL character (\\u0000): remove it' },
      ]);
    });

    it('refuses a lone surrogate in a meeting title and a NUL in a field’s name', async () => {
      await refused(
        () =>
          server()
            .post('/api/meetings')
            .set(officer())
            .set('Content-Type', 'application/json')
            .send(
              `{"body":"${world.ids.bodies.jcb}","meetingDate":"${MEETING}","title":"JCB \\ud800"}`,
            ),
        400,
        'INVALID_TEXT',
      );
      await refused(
        () =>
          server()
            .post('/api/meetings')
            .set(officer())
            .set('Content-Type', 'application/json')
            .send(`{"a\\u0000b":1}`),
        400,
        'INVALID_TEXT',
      );
    });

    it('refuses a NUL in a path or a query, and text longer than any field needs', async () => {
      await refused(() => server().get('/api/cases/%00').set(officer()), 400, 'INVALID_TEXT');
      await refused(() => server().get('/api/cases?q=%00').set(officer()), 400, 'INVALID_TEXT');
      const p = await refused(
        () =>
          server()
            .post('/api/cases')
            .set(officer())
            .send(openBcfCaseBody(world, { title: 'x'.repeat(20_001) })),
        400,
        'INVALID_TEXT',
      );
      expect(p.problems?.[0].message).toBe('is 20,001 characters long: keep it under 20,000');
    });

    it('shows a browser a GOV.UK page, not JSON, for a NUL in the register’s address', async () => {
      const res = await server()
        .get('/register/%00')
        .set('Accept', 'text/html,application/xhtml+xml')
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('contains a NUL character');
      expect(res.text).toContain('govuk-heading-l');
    });

    it('refuses a NUL typed into the sign-in form with a page, and signs nobody in', async () => {
      const agent = request.agent(app.getHttpServer());
      const res = await postSignIn(
        agent,
        { email: `${world.emailOf('officer')}\u0000`, password: 'x' },
        { Accept: 'text/html' },
      );
      expect(res.status).toBe(400);
      expect(res.text).toContain('The text in body.email contains a NUL character');
      await agent.get('/cases').expect(303);
    });
  });

  describe('the HTTP edges', () => {
    it('refuses a large document body from an unknown key before reading it', async () => {
      const res = await server()
        .post('/api/cases/00000000-0000-4000-8000-000000000000/documents')
        .set('Authorization', 'Bearer not-a-key')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ content: 'A'.repeat(14_000_000) }));
      expect(res.status).toBe(401);
      expect((res.body as { code: string }).code).toBe('UNAUTHENTICATED');
    });

    it('names the limit of the route a too-large body was sent to', async () => {
      const small = await server()
        .post('/api/meetings')
        .set(officer())
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ title: 'x'.repeat(200_000) }))
        .expect(413);
      expect((small.body as { detail: string }).detail).toBe(
        "Keep this request's body under 100 kB.",
      );
    });

    it('pages meetings instead of stopping at a fixed number', async () => {
      for (let i = 0; i < 3; i++) await meeting();
      const all = await server().get('/api/meetings?limit=200').set(officer()).expect(200);
      const total = (all.body as { items: unknown[] }).items.length;
      expect(total).toBeGreaterThanOrEqual(3);
      const seen: string[] = [];
      let offset: number | null = 0;
      while (offset !== null) {
        const page = await server()
          .get(`/api/meetings?limit=2&offset=${offset}`)
          .set(officer())
          .expect(200);
        const body = page.body as { items: { id: string }[]; next: number | null };
        seen.push(...body.items.map((m) => m.id));
        offset = body.next;
      }
      expect(new Set(seen).size).toBe(total);
      await refused(
        () => server().get('/api/meetings?limit=201').set(officer()),
        422,
        'INVALID_INPUT',
      );
    });

    it('cuts off a body that trickles in, after the configured time', () => {
      expect((app.getHttpServer() as Server).requestTimeout).toBe(5000);
    });

    it('limits each API key to its requests per minute, with a problem that says how long to wait', async () => {
      const local = await buildTestApp(db.ds, engineHarness(db.ds).clock, {
        API_RATE_LIMIT_PER_MINUTE: '3',
      });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++)
          statuses.push(
            (await request(local.getHttpServer()).get('/api/cases').set(officer())).status,
          );
        expect(statuses).toEqual([200, 200, 200, 429]);
        const other = await request(local.getHttpServer())
          .get('/api/cases')
          .set({ Authorization: `Bearer ${world.keys.gp}` });
        expect(other.status).toBe(200);
        const limited = await request(local.getHttpServer()).get('/api/cases').set(officer());
        expect(limited.body).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
        expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
      } finally {
        await local.close();
      }
    });
  });

  describe('sign-in and sign-out forms', () => {
    const password = 'officer-hostile-1';
    beforeAll(async () => {
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: world.tenantId,
        personId: world.ids.people.officer,
        role: 'officer',
        password,
        at: new Date('2025-08-01T09:00:00Z'),
      });
    });

    it('refuses a sign-in form posted without the page’s token (from another site)', async () => {
      const agent = request.agent(app.getHttpServer());
      const res = await agent
        .post('/sign-in')
        .type('form')
        .send({ email: world.emailOf('officer'), password });
      expect(res.status).toBe(422);
      expect(res.text).toContain('The form has expired');
      await agent.get('/cases').expect(303);
      expect((await postSignIn(agent, { email: world.emailOf('officer'), password })).status).toBe(
        303,
      );
      await agent.get('/cases').expect(200);
    });

    it('keeps the session and its cookie together when sign-out comes without the token', async () => {
      const agent = request.agent(app.getHttpServer());
      await postSignIn(agent, { email: world.emailOf('officer'), password });
      const refusedOut = await agent.post('/sign-out').type('form').send({});
      expect(refusedOut.status).toBe(403);
      expect(refusedOut.text).toContain('Do you want to sign out?');
      await agent.get('/cases').expect(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(refusedOut.text)?.[1];
      await agent.post('/sign-out').type('form').send({ _csrf: csrf }).expect(303);
      await agent.get('/cases').expect(303);
    });
  });

  describe('settings that would expose a council', () => {
    it.each([
      [{ DEV_MAILBOX: 'true', PUBLIC_ORIGIN: 'https://ratify.council.example' }, 'DEV_MAILBOX'],
      [{ SEED_DEMO: 'true', NODE_ENV: 'production' }, 'SEED_DEMO'],
    ])('refuse to start with %o', (env, name) => {
      expect(() => loadSettings(env)).toThrow(new RegExp(`${name} must be false when`));
    });

    it('start with the development mailbox and the demo only when asked, and over http', () => {
      expect(loadSettings({})).toMatchObject({ DEV_MAILBOX: 'false', SEED_DEMO: 'false' });
      expect(() =>
        loadSettings({
          DEV_MAILBOX: 'true',
          SEED_DEMO: 'true',
          PUBLIC_ORIGIN: 'http://localhost:3000',
        }),
      ).not.toThrow();
    });

    it.each(['loopback', '2', '10.0.0.0/8, 192.168.0.1', 'false'])('take TRUST_PROXY %s', (v) => {
      expect(loadSettings({ TRUST_PROXY: v }).TRUST_PROXY).toBe(v);
    });

    it('refuse a TRUST_PROXY that is not a list of proxies', () => {
      expect(() => loadSettings({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY must be/);
    });
  });
});
