import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer } from 'node:http';
import type { Logger } from 'pino';
import request from 'supertest';
import { AppModule } from '../apps/server/app.module';
import { configureHttpApp } from '../apps/api/http/http-app.service';
import { requestLogger, rootLogger } from '../apps/api/http/request-logging.service';
import { loadSettings } from '../libs/config/settings.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { CalendarFeedService } from '../libs/notifications/calendar-feed.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';
import { signedInAs, staffWorld } from '../libs/testing/staff-page-client.service';

interface LogLine {
  msg: string;
  level: number;
  reqId?: string;
  route?: string | null;
  tenant?: string;
  actor?: string;
  case?: string;
  event?: string;
  durationMs?: number;
  req?: { method: string; path: string };
  res?: { status: number };
}

describe('request logs: one JSON line per request, no secret in any', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let logger: Logger;
  const written: string[] = [];
  const lines = () => written.map((l) => JSON.parse(l) as LogLine);
  const requestLines = () => lines().filter((l) => l.msg === 'request');

  beforeAll(async () => {
    db = await openTestDatabase();
    const { clock } = engineHarness(db.ds);
    const settings = loadSettings({ SEED_DEMO: 'false' });
    logger = rootLogger(settings, 'api', { write: (l: string) => void written.push(l) });
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ dataSource: db.ds, clock, settings, role: 'api', logger })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    configureHttpApp(app, settings, logger);
    await app.init();
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });
  beforeEach(() => (written.length = 0));

  it('writes who sent which event to which case, with the route, status, duration and request id', async () => {
    const world = await buildBcfWorld(db.ds);
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    const caseId = opened.body.id as string;
    const sent = await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .set('X-Request-Id', 'lb-trace-42')
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(200);
    expect(sent.headers['x-request-id']).toBe('lb-trace-42');

    const [open, event] = requestLines();
    expect(requestLines()).toHaveLength(2);
    expect(open).toMatchObject({ route: '/api/cases', res: { status: 201 } });
    expect(event).toMatchObject({
      level: 30,
      reqId: 'lb-trace-42',
      req: { method: 'POST', path: `/api/cases/${caseId}/events` },
      route: '/api/cases/:id/events',
      tenant: world.tenantId,
      actor: world.ids.people.officer,
      case: caseId,
      event: 'SEEK_AGREEMENT',
      res: { status: 200 },
    });
    expect(event.durationMs).toEqual(expect.any(Number));
    // The line's fields in the order an operator's tools have seen them.
    expect(Object.keys(event)).toEqual([
      'level',
      'time',
      'service',
      'role',
      'reqId',
      'req',
      'route',
      'tenant',
      'actor',
      'case',
      'event',
      'res',
      'durationMs',
      'msg',
    ]);
    expect(written.join('\n')).not.toContain(world.keys.officer);
  });

  it('never writes an email link’s token, a calendar feed’s token, a password, a cookie or an API key', async () => {
    const world = await buildBcfWorld(db.ds);
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND status = 'open' LIMIT 1`,
      [caseId],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);
    const feed = app.get(CalendarFeedService).feedPath('people', world.ids.people.ceo);
    const feedToken = new URL(feed, 'http://x').searchParams.get('token') ?? '';
    expect(feedToken.length).toBeGreaterThan(10);
    written.length = 0;

    const page = await request(app.getHttpServer())
      .get(`/act/${token}`)
      .set('Cookie', 'ratify_session=cookie-secret-value')
      .expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await request(app.getHttpServer())
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, decision: 'not-a-decision' });
    await request(app.getHttpServer()).get(feed).expect(200);
    await request(app.getHttpServer())
      .post('/sign-in')
      .type('form')
      .send({ email: 'nobody@example.org', password: 'Password-never-logged-1' });
    await request(app.getHttpServer())
      .get('/api/cases')
      .set('Authorization', 'Bearer key-that-must-not-be-logged');

    expect(requestLines()).toHaveLength(5);
    expect(requestLines().map((l) => [l.req?.method, l.req?.path])).toEqual([
      ['GET', '/act/[token]'],
      ['POST', '/act/[token]'],
      ['GET', `/calendar/people/${world.ids.people.ceo}.ics`],
      ['POST', '/sign-in'],
      ['GET', '/api/cases'],
    ]);
    const all = written.join('\n');
    for (const secret of [
      token,
      feedToken,
      csrf,
      'cookie-secret-value',
      'Password-never-logged-1',
      'key-that-must-not-be-logged',
    ])
      expect(all).not.toContain(secret);
  });

  it('names the council, person and case of a signed-in officer’s pages and of a link’s answer, as of an API key’s', async () => {
    const { clock } = engineHarness(db.ds);
    const world = await staffWorld(db.ds, clock);
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const officer = await signedInAs(app, world, 'officer');
    const [link]: { id: string; person_id: string }[] = await db.ds.query(
      `SELECT id, person_id FROM action_links WHERE case_id = $1 AND status = 'open' LIMIT 1`,
      [caseId],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);
    written.length = 0;

    await officer.get('/cases').expect(200);
    await officer.get(`/cases/${caseId}`).expect(200);
    const page = await request(app.getHttpServer()).get(`/act/${token}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await request(app.getHttpServer())
      .post(`/act/${token}`)
      .type('form')
      .send({ csrf, response: 'approve', checked: 'yes' })
      .expect(200);

    const officerId = world.ids.people.officer;
    expect(requestLines()).toEqual([
      expect.objectContaining({ route: '/cases', tenant: world.tenantId, actor: officerId }),
      expect.objectContaining({
        route: '/cases/:id',
        tenant: world.tenantId,
        actor: officerId,
        case: caseId,
      }),
      expect.objectContaining({
        route: '/act/:token',
        req: { method: 'GET', path: '/act/[token]' },
        tenant: world.tenantId,
        actor: link.person_id,
        case: caseId,
      }),
      expect.objectContaining({
        route: '/act/:token',
        req: { method: 'POST', path: '/act/[token]' },
        tenant: world.tenantId,
        actor: link.person_id,
        case: caseId,
        res: { status: 200 },
      }),
    ]);
    expect(written.join('\n')).not.toContain(token);
  });

  it('at LOG_LEVEL=warn writes the refused requests only, each line whole', async () => {
    const world = await buildBcfWorld(db.ds);
    logger.level = 'warn';
    try {
      await request(app.getHttpServer())
        .get('/api/cases')
        .set('Authorization', `Bearer ${world.keys.officer}`)
        .expect(200);
      await request(app.getHttpServer())
        .get('/api/cases')
        .set('Authorization', 'Bearer not-a-key')
        .set('X-Request-Id', 'refused-1')
        .expect(401);
    } finally {
      logger.level = 'info';
    }
    expect(requestLines()).toEqual([
      expect.objectContaining({
        level: 40,
        reqId: 'refused-1',
        req: { method: 'GET', path: '/api/cases' },
        route: '/api/cases',
        res: { status: 401 },
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('gives what is logged inside a request the request’s id', async () => {
    const server = createServer((req, res) =>
      requestLogger(logger)(req, res, () => {
        (req as { log?: Logger }).log?.warn({ step: 'inside' }, 'a line from a handler');
        res.end();
      }),
    );
    await request(server).get('/anything').set('X-Request-Id', 'inner-7').expect(200);
    expect(lines().find((l) => l.msg === 'a line from a handler')).toMatchObject({
      reqId: 'inner-7',
      level: 40,
    });
  });

  it('does not log the load balancer’s health probes', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200);
    await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(requestLines()).toHaveLength(0);
  });
});
