import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CalendarFeedService } from '../libs/notifications/calendar-feed.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

describe('calendar feeds', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, engineHarness(db.ds).clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function caseAwaitingAgreement() {
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set(auth)
      .send(openBcfCaseBody(world))
      .expect(201);
    await request(app.getHttpServer())
      .post(`/api/cases/${opened.body.id}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(200);
    return world;
  }

  it('gives a person their open request and the case’s deadline, without the secret link', async () => {
    const world = await caseAwaitingAgreement();
    const path = app.get(CalendarFeedService).feedPath('people', world.ids.people.ceo);
    const res = await request(app.getHttpServer()).get(path).expect(200);
    expect(res.headers['content-type']).toContain('text/calendar');
    const ics = res.text;
    expect(ics).toContain('BEGIN:VCALENDAR');
    expect(ics).toContain('SUMMARY:Respond: Better Care Fund plan 2021/22');
    expect(ics).toContain('DTSTART;VALUE=DATE:20211116');
    expect(ics).toMatch(/SUMMARY:Deadline: submission – Better Care Fund plan 2021\/22/);
    expect(ics).not.toMatch(/\/act\//);
  });

  it('gives a body the deadlines of the cases decided under its delegation', async () => {
    const world = await caseAwaitingAgreement();
    const path = app.get(CalendarFeedService).feedPath('bodies', world.ids.bodies.hwbb);
    const res = await request(app.getHttpServer()).get(path).expect(200);
    expect(res.text).toContain('DTSTART;VALUE=DATE:20211116');
    const other = app.get(CalendarFeedService).feedPath('bodies', world.ids.bodies.jcb);
    expect((await request(app.getHttpServer()).get(other).expect(200)).text).not.toContain(
      'VEVENT',
    );
  });

  it('answers a wrong or missing token with 404', async () => {
    const world = await caseAwaitingAgreement();
    await request(app.getHttpServer())
      .get(`/calendar/people/${world.ids.people.ceo}.ics?token=nope`)
      .expect(404);
    await request(app.getHttpServer())
      .get(`/calendar/people/${world.ids.people.ceo}.ics`)
      .expect(404);
  });
});
