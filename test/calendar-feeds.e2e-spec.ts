import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { SETTINGS, type Settings } from '../libs/config/settings.service';
import { CalendarFeedService } from '../libs/notifications/calendar-feed.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { calendarEvents } from '../libs/testing/calendar-feed-reader.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

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
    return { ...world, ...(await caseAwaitingAgreementOverApi(app, world)) };
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
    expect(ics).toMatch(/SUMMARY:Deadline: national submission – Better Care Fund plan 2021\/22/);
    expect(ics).not.toMatch(/\/act\//);
    // What a calendar shows is in words, with the day: no role, request or deadline key.
    const unfolded = ics.replace(/\r\n[ \t]/g, '');
    expect(unfolded).toContain(
      'DESCRIPTION:You are asked to respond as Chief Executive of the local authority by Tuesday 16 November 2021.',
    );
    expect(unfolded).toMatch(
      /DESCRIPTION:The national submission deadline of “Better Care Fund plan 2021\/22” falls at the end of \w+ \d+ November 2021\./,
    );
    expect(unfolded).not.toMatch(/agreement-requested|chiefExecutive|Deadline: submission/);
  });

  it('names each case by its reference, with the address that finds it, keeping each event’s UID', async () => {
    const world = await caseAwaitingAgreement();
    const feeds = app.get(CalendarFeedService);
    const origin = app.get<Settings>(SETTINGS).PUBLIC_ORIGIN;
    const url = new URL(`/cases/by-reference/${world.reference}`, origin).toString();
    const [links, deadlines]: { id: string }[][] = await Promise.all([
      // The Chief Executive's own link: the Accountable Officer is asked at the same time.
      db.ds.query(
        `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
        [world.caseId, world.ids.people.ceo],
      ),
      db.ds.query(`SELECT id FROM deadlines WHERE case_id = $1 AND kind = 'deadline'`, [
        world.caseId,
      ]),
    ]);
    const person = calendarEvents(
      (await request(app.getHttpServer()).get(feeds.feedPath('people', world.ids.people.ceo))).text,
    );
    const body = calendarEvents(
      (await request(app.getHttpServer()).get(feeds.feedPath('bodies', world.ids.bodies.hwbb)))
        .text,
    );
    const request_ = person.find((e) => e.UID.startsWith('request-'))!;
    expect(request_).toMatchObject({
      UID: `request-${links[0].id}@ratify`,
      SUMMARY: `Respond: Better Care Fund plan 2021/22 (${world.reference})`,
      URL: url,
    });
    expect(request_.DESCRIPTION).toMatch(
      new RegExp(`it is not repeated here\\. Case reference ${world.reference}\\.$`),
    );
    for (const events of [person, body]) {
      const deadline = events.find((e) => e.SUMMARY.includes('national submission'))!;
      expect(deadlines.map((d) => `deadline-${d.id}@ratify`)).toContain(deadline.UID);
      expect(deadline).toMatchObject({
        SUMMARY: `Deadline: national submission – Better Care Fund plan 2021/22 (${world.reference})`,
        URL: url,
      });
      expect(deadline.DESCRIPTION).toMatch(
        new RegExp(`November 2021\\. Case reference ${world.reference}\\.$`),
      );
    }
    // No event names a case by its id alone.
    expect(JSON.stringify([person, body])).not.toContain(world.caseId);
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

  it('puts a body’s meetings in its feed and in its members’ feeds, never naming a Part 2 item', async () => {
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const scheduled = await request(app.getHttpServer())
      .post('/api/meetings')
      .set(auth)
      .send({
        body: world.ids.bodies.hwbb,
        meetingDate: '2021-10-21',
        title: 'Health and Wellbeing Board, October',
      })
      .expect(201);
    const meetingId = (scheduled.body as { id: string }).id;
    for (const item of [
      { title: 'Better Care Fund plan: to note', keyDecision: false },
      {
        title: 'Care home block contract: commercial terms',
        keyDecision: false,
        part2Reasons: 'Information about the financial affairs of a provider (Schedule 12A para 3)',
        privateNoticePublishedOn: '2021-09-20',
      },
    ])
      await request(app.getHttpServer())
        .post(`/api/meetings/${meetingId}/agenda-items`)
        .set(auth)
        .send(item)
        .expect(201);
    const feeds = app.get(CalendarFeedService);
    for (const path of [
      feeds.feedPath('bodies', world.ids.bodies.hwbb),
      feeds.feedPath('people', world.ids.people.chair),
    ]) {
      const ics = (await request(app.getHttpServer()).get(path).expect(200)).text.replace(
        /\r\n[ \t]/g,
        '',
      );
      expect(ics).toContain('SUMMARY:Health and Wellbeing Board\\, October');
      expect(ics).toContain('DTSTART;VALUE=DATE:20211021');
      expect(ics).toContain('1. Better Care Fund plan: to note');
      expect(ics).toContain('2. An item to be taken in private (Part 2)');
      expect(ics).not.toContain('commercial terms');
    }
    // A calendar needs what is coming: a meeting more than FEED_WINDOW.aheadDays away is left out.
    await request(app.getHttpServer())
      .post('/api/meetings')
      .set(auth)
      .send({ body: world.ids.bodies.hwbb, meetingDate: '2023-06-01', title: 'Far ahead' })
      .expect(201);
    const bodyFeed = await request(app.getHttpServer())
      .get(feeds.feedPath('bodies', world.ids.bodies.hwbb))
      .expect(200);
    expect(bodyFeed.text).toContain('20211021');
    expect(bodyFeed.text).not.toContain('Far ahead');
    // Not a member of the Board: not in their feed.
    const officerFeed = await request(app.getHttpServer())
      .get(feeds.feedPath('people', world.ids.people.officer))
      .expect(200);
    expect(officerFeed.text).not.toContain('Health and Wellbeing Board');
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
