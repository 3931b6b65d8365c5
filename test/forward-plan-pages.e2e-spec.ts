import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  buildOfficerDecisionWorld,
  type OfficerDecisionWorld,
} from '../libs/testing/officer-decision-world.factory';
import { postSignIn } from '../libs/testing/sign-in.service';
import {
  errorSummary,
  inputValue,
  pageText,
  postForm,
} from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * The forward plan's page for democratic services: the draft the open cases generate, an edition
 * published by a date typed in a GOV.UK date input, checked, then confirmed; a date after today or
 * before the last edition refused in the error summary, linked to the day box, with what was typed
 * kept; the editions published listed.
 */
describe('the forward plan page for democratic services', () => {
  let db: TestDatabase;
  let world: OfficerDecisionWorld;
  let app: INestApplication;
  let cases: HttpCases;
  let clock: ReturnType<typeof engineHarness>['clock'];

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildOfficerDecisionWorld(db.ds);
    clock = engineHarness(db.ds, '2025-08-01T09:00:00Z').clock;
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(
      () => app,
      (who) => world.keyOf(who),
    );
    for (const [personKey, role, password] of [
      ['officer', 'officer', 'staff-officer-pass-1'],
      ['governanceLead', 'governance_lead', 'staff-lead-pass-1'],
    ] as const)
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: world.tenantId,
        personId: world.ids.people[personKey],
        role,
        password,
        at: clock.now(),
      });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function signIn(personKey: string, password: string, address: string) {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(
      agent,
      { email: world.emailOf(personKey), password, next: '/cases' },
      { 'X-Forwarded-For': address },
    );
    expect(res.status).toBe(303);
    return agent;
  }

  const editions = async () =>
    Number(
      (
        await db.ds.query('SELECT count(*) AS n FROM forward_plan_editions WHERE tenant_id = $1', [
          world.tenantId,
        ])
      )[0].n,
    );

  it('shows the draft, checks the date, publishes an edition once confirmed and lists it', async () => {
    const c = await cases.open({
      template: 'officer-delegated-decision',
      templateVersion: 1,
      title: 'Sexual health service recommissioning',
      dates: { decisionDue: '2025-09-15' },
      roles: world.officerDecisionRoles,
    });
    await cases.act(c, 'officer', 'DESCRIBE_MATTER', {
      summary: 'Recommission the integrated sexual health service from April 2026',
      keyDecision: true,
      keyDecisionReasons: 'Spending of £4.2M over three years',
      documents: ['Report of the Director of Public Health'],
      representations: 'Write to democratic.services@example.org by 12 September 2025',
    });
    const officer = await signIn('officer', 'staff-officer-pass-1', '198.51.100.71');

    const first = await officer.get('/forward-plan').expect(200);
    const text = pageText(first.text);
    expect(text).toContain('Sexual health service recommissioning');
    expect(text).toContain('Dr Rhea Stone');
    expect(text).toContain('On or after Monday 15 September 2025');
    expect(text).toContain('No edition has been published yet');
    expect(first.text).toContain('id="publishedOn-day"');

    const date = (day: string, month: string, year: string) => ({
      'publishedOn-day': day,
      'publishedOn-month': month,
      'publishedOn-year': year,
    });
    // Nothing typed, a day that does not exist, a day still to come: each refused, typed kept.
    const blank = await postForm(
      officer,
      '/forward-plan/check',
      date('', '', ''),
      422,
      '/forward-plan',
    );
    expect(errorSummary(blank.text)).toEqual([
      { href: '#publishedOn-day', text: 'Enter the date the plan is published' },
    ]);
    const unreal = await postForm(
      officer,
      '/forward-plan/check',
      date('30', '2', '2025'),
      422,
      '/forward-plan',
    );
    expect(errorSummary(unreal.text)).toEqual([
      { href: '#publishedOn-day', text: 'The date the plan is published must be a real date' },
    ]);
    expect(inputValue(unreal.text, 'publishedOn-day')).toBe('30');
    const future = await postForm(
      officer,
      '/forward-plan/check',
      date('4', '8', '2025'),
      422,
      '/forward-plan',
    );
    const [futureError] = errorSummary(future.text);
    expect(futureError.href).toBe('#publishedOn-day');
    expect(futureError.text).toContain('after today');
    expect(futureError.text).toContain('Nothing was recorded');
    expect(inputValue(future.text, 'publishedOn-month')).toBe('8');
    expect(await editions()).toBe(0);

    // Checked: the page says what the edition will list and publishes nothing yet.
    const check = await postForm(
      officer,
      '/forward-plan/check',
      date('1', 'August', '2025'),
      200,
      '/forward-plan',
    );
    const checkText = pageText(check.text);
    expect(checkText).toContain('Check before you publish');
    expect(checkText).toContain('Friday 1 August 2025');
    expect(checkText).toContain('Sexual health service recommissioning (new)');
    expect(checkText).toContain('1, 1 of them new');
    expect(check.text).toContain('publishedOn-month=August');
    expect(await editions()).toBe(0);
    // Without the session's token, nothing is published.
    await officer
      .post('/forward-plan/publish')
      .type('form')
      .send({ publishedOn: '2025-08-01' })
      .expect(403);
    expect(await editions()).toBe(0);

    const published = await postForm(
      officer,
      '/forward-plan/publish',
      { publishedOn: '2025-08-01' },
      303,
      '/forward-plan',
    );
    expect(published.headers.location).toBe('/forward-plan?done=published');
    expect(await editions()).toBe(1);
    expect(
      ((await cases.read(c.id)).context as { forwardPlan: unknown }).forwardPlan,
    ).toMatchObject({ publishedOn: '2025-08-01' });
    const after = pageText((await officer.get('/forward-plan?done=published').expect(200)).text);
    expect(after).toContain('The forward plan is published');
    expect(after).toContain('1 edition, newest first');
    expect(after).toContain('Friday 1 August 2025');
    expect(after).toContain('Since Friday 1 August 2025');

    // A second edition dated before the first: refused on confirmation, nothing published.
    clock.set('2025-08-08T09:00:00Z');
    const nextWeek = await signIn('officer', 'staff-officer-pass-1', '198.51.100.73');
    const earlier = await postForm(
      nextWeek,
      '/forward-plan/publish',
      { publishedOn: '2025-07-31' },
      422,
      '/forward-plan',
    );
    const [earlierError] = errorSummary(earlier.text);
    expect(earlierError.href).toBe('#publishedOn-day');
    expect(earlierError.text).toContain('before the edition published before it');
    expect(inputValue(earlier.text, 'publishedOn-day')).toBe('31');
    expect(await editions()).toBe(1);
  });

  it('is not for a governance lead, who changes nothing', async () => {
    const lead = await signIn('governanceLead', 'staff-lead-pass-1', '198.51.100.72');
    await lead.get('/forward-plan').expect(403);
  });
});
