import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { CalendarFeedService } from '../libs/notifications/calendar-feed.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

/*
 * A rolling upgrade (docs/operations.md): a case on a template version this build lacks, read by
 * a process of this build through a calendar feed or an emailed link's step-up. Each answers 503
 * with Retry-After (a newer process answers as usual), never a feed without the case's events (a
 * calendar would take them out) nor "this link needs no check" (the version says whether it does).
 */
describe('calendar feeds and link step-ups of a case on a version this build lacks', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, { LINK_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function caseOfNewerBuild() {
    const world = await buildBcfWorld(db.ds);
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    await db.ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [caseId]);
    return { world, caseId, link };
  }

  function expectRetryLater(res: request.Response, what: string, caseId: string) {
    expect({ what, status: res.status, retryAfter: res.headers['retry-after'] }).toEqual({
      what,
      status: 503,
      retryAfter: '60',
    });
    expect(res.body).toMatchObject({ code: 'TEMPLATE_VERSION_NOT_IN_THIS_BUILD', caseId });
  }

  it('answers a person’s and a body’s calendar feed 503 with Retry-After, so that calendars keep the events they have', async () => {
    const { world, caseId } = await caseOfNewerBuild();
    const feeds = app.get(CalendarFeedService);
    for (const path of [
      feeds.feedPath('people', world.ids.people.ceo),
      feeds.feedPath('bodies', world.ids.bodies.hwbb),
    ])
      expectRetryLater(await request(app.getHttpServer()).get(path), path.split('?')[0], caseId);
    // Feeds with none of its events are answered as usual.
    const other = await request(app.getHttpServer())
      .get(feeds.feedPath('bodies', world.ids.bodies.jcb))
      .expect(200);
    expect(other.text).toContain('BEGIN:VCALENDAR');
  });

  it('answers an emailed link’s step-up 503 with Retry-After, not “this link needs no check”', async () => {
    const { caseId, link } = await caseOfNewerBuild();
    const token = app.get(LinkTokens).tokenFor(link.id);
    const csrf = app.get(LinkTokens).csrfFor(link.id);
    for (const path of [`/act/${token}/verify/code`, `/act/${token}/verify/organisation`])
      expectRetryLater(
        await request(app.getHttpServer())
          .post(path)
          .set('Accept', 'application/json')
          .type('form')
          .send({ csrf }),
        `POST ${path.replace(token, '…')}`,
        caseId,
      );
    const [{ status }]: { status: string }[] = await db.ds.query(
      `SELECT status FROM action_links WHERE id = $1`,
      [link.id],
    );
    expect(status).toBe('open');
  });
});
