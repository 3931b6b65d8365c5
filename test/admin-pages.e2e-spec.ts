import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DEMO_PASSWORDS, seedDemo } from '../libs/demo/demo-seed.service';
import { ManualClock } from '../libs/core/clock.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import {
  ADMIN_PASSWORDS,
  adminPagesHarness,
  DEFAULT_SETTINGS,
} from '../libs/testing/admin-pages-harness.service';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';

/** The administrator's pages through HTTP: who may see them (settings: admin-settings-pages, accounts: admin-staff-pages). */
const h = adminPagesHarness();
const { adminWorld, signedIn, csrfOf, settingsOf, accountsOf } = h;

describe('the administrator’s pages: who may see them', () => {
  it('sends a signed-out visitor to sign in, back to the page they asked for', async () => {
    for (const path of ['/admin/settings', '/admin/staff']) {
      const res = await request(h.app.getHttpServer()).get(path).expect(303);
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
    }
    await request(h.app.getHttpServer())
      .post('/admin/settings/closures')
      .type('form')
      .send({ 'closureDate-day': '29', 'closureDate-month': '12', 'closureDate-year': '2025' })
      .expect(303);
  });

  it('gives an officer and a governance lead the 403 page, and lets neither change anything', async () => {
    const world = await adminWorld();
    for (const [personKey, password] of [
      ['officer', ADMIN_PASSWORDS.officer],
      ['governanceLead', ADMIN_PASSWORDS.governanceLead],
    ] as const) {
      const agent = await signedIn(await world.email(personKey), password);
      const csrf = await csrfOf(agent);
      for (const path of ['/admin/settings', '/admin/staff']) {
        const res = await agent.get(path).expect(403);
        expect(res.text).toContain('You cannot see this page');
      }
      await agent
        .post('/admin/settings')
        .type('form')
        .send({
          _csrf: csrf,
          weekendsCountAsClearDays: 'yes',
          dpiMemberMustLeaveRoom: 'yes',
          periodWorkingDays: '10',
        })
        .expect(403);
      await agent
        .post('/admin/staff')
        .type('form')
        .send({
          _csrf: csrf,
          personId: world.ids.people.healthwatch,
          role: 'administrator',
          password: 'a-long-enough-password',
        })
        .expect(403);
      await agent
        .post(`/admin/staff/${await world.accountId('gp')}/disable`)
        .type('form')
        .send({ _csrf: csrf })
        .expect(403);
    }
    await expect(settingsOf(world)).resolves.toEqual(DEFAULT_SETTINGS);
    const accounts = await accountsOf(world);
    expect(accounts).toHaveLength(3);
    expect(accounts.every((a) => !a.disabled)).toBe(true);
  });

  it('shows an administrator the links to the admin pages in the staff header, and nobody else', async () => {
    const world = await adminWorld();
    const admin = await signedIn(await world.email('gp'), ADMIN_PASSWORDS.administrator);
    const adminCases = await admin.get('/cases').expect(200);
    expect(adminCases.text).toContain('href="/admin/settings"');
    expect(adminCases.text).toContain('href="/admin/staff"');
    const officer = await signedIn(await world.email('officer'), ADMIN_PASSWORDS.officer);
    const officerCases = await officer.get('/cases').expect(200);
    expect(officerCases.text).not.toContain('/admin/');
  });
});

describe('the demo’s administrator', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('signs in with the password README gives and reaches both admin pages', async () => {
    await seedDemo(db.ds, clock, app.get(DemoSeedProviders));
    const agent = request.agent(app.getHttpServer());
    expect(
      (await postSignIn(agent, { ...DEMO_PASSWORDS.administrator, next: '/admin/settings' }))
        .status,
    ).toBe(303);
    await agent.get('/admin/settings').expect(200);
    const staff = await agent.get('/admin/staff').expect(200);
    expect(staff.text).toContain('Riley Shaw (you)');
    expect(staff.text).toContain(DEMO_PASSWORDS.officer.email);
  });
});
