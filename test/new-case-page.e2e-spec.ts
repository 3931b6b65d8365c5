import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { errorSummary } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import {
  buildBcfWorld,
  withIntegratedCareBoard,
  type BcfWorld,
} from '../libs/testing/world.factory';

/*
 * The new-case page's error summary follows the order of the fields on the page (GOV.UK), whoever
 * found the problems: the page itself, or the template's rules for its dates, which check them in
 * their own order.
 */
describe('the new-case page’s error summary', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const PAGE = '/cases/new/bcf-delegated-sign-off';

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildBcfWorld(db.ds, { tweak: withIntegratedCareBoard });
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'new-case-page-1',
      at: clock.now(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  async function officer() {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(agent, {
      email: world.emailOf('officer'),
      password: 'new-case-page-1',
    });
    expect(res.status).toBe(303);
    const form = await agent.get(PAGE).expect(200);
    return { agent, form: form.text, csrf: /name="_csrf" value="([^"]+)"/.exec(form.text)![1] };
  }

  it('lists the dates the template’s rules refuse in the order the page shows them', async () => {
    const { agent, form, csrf } = await officer();
    // The page asks for the submission deadline, then the noting deadline, then the expected
    // assurance date; the template checks the assurance date against the deadline first.
    const order = ['submissionDeadline', 'notingDeadline', 'expectedAssuranceDate'];
    const shown = order.map((k) => form.indexOf(`id="dates-${k}-day"`));
    expect(shown.every((at) => at > 0)).toBe(true);
    expect([...shown].sort((a, b) => a - b)).toEqual(shown);

    const refused = await agent
      .post(PAGE)
      .type('form')
      .send({
        _csrf: csrf,
        title: 'Better Care Fund plan 2021-22',
        'dates-submissionDeadline-day': '16/11/2021',
        'dates-notingDeadline-day': '1/11/2021',
        'dates-expectedAssuranceDate-day': '2/11/2021',
        'role.chiefExecutive': world.roles.chiefExecutive,
        'role.accountableOfficer': world.ids.offices.icbChiefExecutive,
        'role.delegatedApprover': world.roles.delegatedApprover,
      })
      .expect(422);

    expect(errorSummary(refused.text).map((e) => e.href)).toEqual([
      '#dates-notingDeadline-day',
      '#dates-expectedAssuranceDate-day',
    ]);
    const [{ n }] = await db.ds.query('SELECT count(*)::int AS n FROM cases WHERE tenant_id = $1', [
      world.tenantId,
    ]);
    expect(n).toBe(0);
  });

  it('lists the page’s own errors in the page’s order: title, each date, each role', async () => {
    const { agent, csrf } = await officer();
    const refused = await agent
      .post(PAGE)
      .type('form')
      .send({
        _csrf: csrf,
        title: '',
        'dates-notingDeadline-day': '40',
        'dates-notingDeadline-month': '12',
        'dates-notingDeadline-year': '2021',
        'dates-expectedAssuranceDate-day': '9',
        'dates-expectedAssuranceDate-month': '1',
        'dates-expectedAssuranceDate-year': '22',
      })
      .expect(422);
    expect(errorSummary(refused.text).map((e) => e.href)).toEqual([
      '#title',
      '#dates-submissionDeadline-day',
      '#dates-notingDeadline-day',
      '#dates-expectedAssuranceDate-year',
      '#roles-chiefExecutive',
      '#roles-accountableOfficer',
      '#roles-delegatedApprover',
    ]);
  });
});
