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
import { errorSummary, pageText, postForm } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * The council's setting of whether officers' key decisions are subject to call-in
 * (callIn.officerKeyDecisions): explained on a page of its own for administrators, changed there,
 * each change kept with who made it and when, and applied to the next officer key decision
 * published.
 */
describe('the call-in of officers’ key decisions, a council setting', () => {
  let db: TestDatabase;
  let world: OfficerDecisionWorld;
  let app: INestApplication;
  let cases: HttpCases;
  let clock: ReturnType<typeof engineHarness>['clock'];
  let adminName: string;
  let address = 80;
  const PAGE = '/admin/settings/officer-call-in';

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildOfficerDecisionWorld(db.ds);
    clock = engineHarness(db.ds, '2025-08-01T09:00:00Z').clock;
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(
      () => app,
      (who) => world.keyOf(who),
    );
    for (const [personKey, role] of [
      ['gp', 'administrator'],
      ['officer', 'officer'],
    ] as const)
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: world.tenantId,
        personId: world.ids.people[personKey],
        role,
        password: `staff-${role}-pass-1`,
        at: clock.now(),
      });
    [{ name: adminName }] = await db.ds.query('SELECT name FROM people WHERE id = $1', [
      world.ids.people.gp,
    ]);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function signIn(personKey: 'gp' | 'officer', role: string) {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(
      agent,
      { email: world.emailOf(personKey), password: `staff-${role}-pass-1`, next: '/cases' },
      { 'X-Forwarded-For': `198.51.100.${address++}` },
    );
    expect(res.status).toBe(303);
    return agent;
  }

  it('explains the setting, keeps who changed it and when, and applies it to the next officer key decision', async () => {
    const admin = await signIn('gp', 'administrator');
    const first = pageText((await admin.get(PAGE).expect(200)).text);
    expect(first).toContain('Now: Subject to call-in');
    expect(first).toContain('depends on your council’s scrutiny procedure rules');
    expect(first).toContain('No change to it is recorded');

    const blank = await postForm(admin, PAGE, {}, 422, PAGE);
    expect(errorSummary(blank.text)).toEqual([
      {
        href: '#officerKeyDecisions',
        text: 'Select whether key decisions taken by officers can be called in',
      },
    ]);
    await admin.post(PAGE).type('form').send({ officerKeyDecisions: 'no' }).expect(403);

    const saved = await postForm(admin, PAGE, { officerKeyDecisions: 'no' }, 303, PAGE);
    expect(saved.headers.location).toBe(`${PAGE}?done=saved`);
    const after = pageText((await admin.get(`${PAGE}?done=saved`).expect(200)).text);
    expect(after).toContain('The setting is saved');
    expect(after).toContain('Now: Not subject to call-in');
    expect(after).toContain(
      `Friday 1 August 2025 at 10:00am ${adminName} Subject to call-in to Not subject to call-in`,
    );
    const api = await request(app.getHttpServer())
      .get('/api/settings')
      .set('Authorization', `Bearer ${world.keyOf('officer')}`)
      .expect(200);
    expect(api.body.callIn).toEqual({ periodWorkingDays: 5, officerKeyDecisions: false });
    // The change is in the council's record of directory changes too.
    expect(pageText((await admin.get('/directory/changes').expect(200)).text)).toContain(
      'Council settings',
    );
    const officer = await signIn('officer', 'officer');
    await officer.get(PAGE).expect(403);

    // An officer key decision published now is not subject to call-in.
    const c = await cases.open({
      template: 'officer-delegated-decision',
      templateVersion: 1,
      title: 'Recommission the community falls service',
      dates: { decisionDue: '2025-09-15' },
      roles: world.officerDecisionRoles,
    });
    await cases.act(c, 'officer', 'DESCRIBE_MATTER', {
      summary: 'Recommission the community falls service',
      keyDecision: true,
      keyDecisionReasons: 'Spending of £900,000 over three years',
      representations: 'Write to democratic.services@example.org',
    });
    await request(app.getHttpServer())
      .post('/api/forward-plan/editions')
      .set('Authorization', `Bearer ${world.keyOf('officer')}`)
      .send({ publishedOn: '2025-08-01' })
      .expect(201);
    clock.set('2025-09-15T10:00:00Z');
    const decided = await cases.act(await cases.read(c.id), 'director', 'RECORD_DECISION', {
      decision: 'Recommission the community falls service by open tender',
      decidedOn: '2025-09-15',
      reasons: 'The contract ends in March 2026',
      alternativesRejected: ['Extend the current contract'],
    });
    const published = await cases.act(decided, 'officer', 'RECORD_PUBLICATION', {
      publishedOn: '2025-09-15',
    });
    expect(published.state.key).toBe('implementable');
    const [{ slug }] = await db.ds.query('SELECT slug FROM tenants WHERE tenant_id = $1', [
      world.tenantId,
    ]);
    const notice = pageText(
      (await request(app.getHttpServer()).get(`/register/${slug}/${c.id}`).expect(200)).text,
    );
    expect(notice).toContain('not subject to call-in under the council’s settings');
    // Said once, not as the status, its reason and how it was counted again; so on the printable
    // Decision Notice too.
    expect(notice.split('not subject to call-in').length - 1).toBe(1);
    const printable = pageText(
      (
        await request(app.getHttpServer())
          .get(`/api/cases/${c.id}/decision-notice.html`)
          .set('Authorization', `Bearer ${world.keyOf('officer')}`)
          .expect(200)
      ).text,
    );
    expect(printable.split('not subject to call-in').length - 1).toBe(1);

    // Changed back: the record keeps both changes, newest first.
    const later = await signIn('gp', 'administrator');
    await postForm(later, PAGE, { officerKeyDecisions: 'yes' }, 303, PAGE);
    const history = pageText((await later.get(PAGE).expect(200)).text);
    expect(history).toContain('Now: Subject to call-in');
    const yes = history.indexOf('Monday 15 September 2025');
    const no = history.indexOf('Friday 1 August 2025');
    expect(yes).toBeGreaterThan(-1);
    expect(no).toBeGreaterThan(yes);
    expect(history).toContain('Not subject to call-in to Subject to call-in');
  });
});
