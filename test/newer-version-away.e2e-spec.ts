import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { withViceChairDelegation } from '../libs/testing/absence-world.factory';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { csrfOf, pageText } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

/*
 * A rolling upgrade (docs/operations.md): the Chair marks themselves away from today while a case
 * bound to their office runs on a template version this build lacks. The absence hands the Chair's
 * cases to the deputy in the same transaction, which this build cannot do for that case: the form
 * is answered as every page is, "the service is being updated" (503, Retry-After), not an error of
 * the form naming the version, and nothing is recorded.
 */
describe('an absence from today while a case on a version this build lacks is bound to the office', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2021-11-01T10:00:00Z'));
  const CHAIR_PASSWORD = 'chair-away-pass-2';

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('answers the away form with the service-being-updated page, recording nothing', async () => {
    const w = await buildBcfWorld(db.ds, { tweak: withViceChairDelegation });
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: w.tenantId,
      personId: w.ids.people.chair,
      role: 'governance_lead',
      password: CHAIR_PASSWORD,
      at: clock.now(),
    });
    const { caseId } = await caseAwaitingAgreementOverApi(app, w);
    await db.ds.query(`UPDATE cases SET template_version = 99 WHERE id = $1`, [caseId]);
    const chair = request.agent(app.getHttpServer());
    const signedIn = await postSignIn(
      chair,
      { email: w.emailOf('chair'), password: CHAIR_PASSWORD, next: '/away' },
      { 'X-Forwarded-For': '198.51.121.1' },
    );
    expect(signedIn.status).toBe(303);

    // As a browser sends it (Accept: text/html), with the form's own token.
    const res = await chair
      .post('/away')
      .set('Accept', 'text/html')
      .type('form')
      .send({
        _csrf: await csrfOf(chair, '/away'),
        'firstDay-day': '1',
        'firstDay-month': '11',
        'firstDay-year': '2021',
        'lastDay-day': '12',
        'lastDay-month': '11',
        'lastDay-year': '2021',
        deputyPersonId: w.ids.people.cabinet,
      });
    expect({ status: res.status, retryAfter: res.headers['retry-after'] }).toEqual({
      status: 503,
      retryAfter: '60',
    });
    const text = pageText(res.text);
    expect(text).toContain('Sorry, the service is being updated');
    expect(text).toContain('what you sent was not saved');
    expect(text).not.toMatch(/version 99|bcf-delegated-sign-off|TEMPLATE_VERSION/);
    const [{ n }]: { n: number }[] = await db.ds.query(
      `SELECT count(*)::int AS n FROM absences WHERE tenant_id = $1`,
      [w.tenantId],
    );
    expect(n).toBe(0);
  });
});
