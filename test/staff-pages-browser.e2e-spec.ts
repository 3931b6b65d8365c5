import { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import {
  axeViolations,
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
  expectAccessible,
  launchChromium,
  tabTo,
} from '../libs/testing/browser.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';
import { postSignIn } from '../libs/testing/sign-in.service';

/** The officer's and the governance lead's pages, driven in Chromium, with a real SMTP peer for the emailed link. */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
const ICB = 'NHS Hampshire and Isle of Wight Integrated Care Board';
describe('staff pages in a real browser', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    app = await buildTestApp(db.ds, clock, { SMTP_URL: smtp.url });
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  async function signIn(page: Page, email: string, password: string) {
    await page.goto(`${origin}/cases`);
    await page.waitForURL(/\/sign-in/);
    await expect(axeViolations(page)).resolves.toEqual([]);
    await page.getByLabel('Email address', { exact: true }).fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/cases`);
  }

  it('takes a case from the officer’s dashboard through an emailed approval to the governance lead’s verified record', async () => {
    // The page opens the template's current version (2), whose NHS partner is an Integrated Care
    // Board: the council's directory names it.
    const world = await buildBcfWorld(db.ds, {
      tweak: (spec) => {
        Object.assign(
          spec.organisations.find((o) => o.key === 'ccg')!,
          { name: ICB, kind: 'icb' },
        );
        spec.offices.find((o) => o.key === 'ao')!.title = `Chief Executive, ${ICB}`;
      },
    });
    for (const [personId, role, password] of [
      [world.ids.people.officer, 'officer', 'officer-password-1'],
      [world.ids.people.governanceLead, 'governance_lead', 'lead-password-1'],
    ] as const) {
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: world.tenantId,
        personId,
        role,
        password,
        at: clock.now(),
      });
    }
    const officerContext = await browser.newContext({ bypassCSP: true });
    const officer = await officerContext.newPage();
    await signIn(officer, world.emailOf('officer'), 'officer-password-1');
    await expectAccessible(officer, '01-dashboard');

    // The officer opens the case through the form: template, title, dates, who acts.
    await officer.getByRole('link', { name: 'Open a case' }).click();
    await officer.getByRole('link', { name: 'Better Care Fund plan, delegated sign-off' }).click();
    await expectAccessible(officer, '01a-open-a-case');
    await officer.getByLabel('Title').fill('Better Care Fund plan 2021/22');
    // Dates as people type them: day, month and year in their own boxes.
    for (const [legend, [day, month, year]] of [
      ['Submission deadline', ['16', '11', '2021']],
      ['Noting deadline', ['16', '12', '2021']],
      ['Expected assurance date', ['9', '1', '2022']],
    ] as const) {
      const group = officer.getByRole('group', { name: legend });
      await group.getByLabel('Day').fill(day);
      await group.getByLabel('Month').fill(month);
      await group.getByLabel('Year').fill(year);
    }
    await officer
      .getByLabel('Chief Executive of the council')
      .selectOption({ label: 'Chief Executive, Southampton City Council (Morgan Hale)' });
    await officer
      .getByLabel('Chief Executive of the Integrated Care Board (its Accountable Officer)')
      .selectOption({ label: `Chief Executive, ${ICB} (Priya Natarajan)` });
    await officer.getByLabel('HWBB chair, under the Board’s delegation').selectOption({ index: 1 });
    await officer.getByRole('button', { name: 'Open the case' }).click();
    await officer.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseId = officer.url().split('/').pop()!;
    await expectAccessible(officer, '02-case-drafting');
    await officer.getByRole('button', { name: 'Seek agreement' }).click();
    await officer.waitForURL(`${origin}/cases/${caseId}?done=SEEK_AGREEMENT`);
    await expect(
      officer
        .locator('.govuk-notification-banner--success')
        .getByRole('heading', {
          name: 'Agreement was sought from the council’s Chief Executive and the Integrated Care Board’s Chief Executive',
        })
        .count(),
    ).resolves.toBe(1);
    await expect(
      officer
        .getByText(
          'Awaiting agreement from the council’s Chief Executive and the Integrated Care Board’s Chief Executive',
        )
        .count(),
    ).resolves.toBeGreaterThan(0);

    // The Chief Executive's request crosses SMTP; its link is opened in another browser, without signing in.
    const before = smtp.messages.length;
    await app.get(OutboxDeliveryService).deliverDue();
    const mails = (await smtp.waitForCount(before + 2)).slice(before);
    const toCeo = mails.find(
      (m) => m.subject.startsWith('Your agreement is needed') && m.to.includes('morgan.hale'),
    )!;
    const path = /https?:\/\/[^/\s]+(\/act\/[A-Za-z0-9_-]{43})/.exec(toCeo.text)![1];
    const ceoContext = await browser.newContext({ bypassCSP: true });
    const ceo = await ceoContext.newPage();
    await ceo.goto(`${origin}${path}`);
    await expectAccessible(ceo, '03-link-confirm');
    await ceo.getByLabel('I approve', { exact: true }).check();
    await clickAndLoad(ceo, ceo.getByRole('button', { name: 'Confirm my answer' }));
    await expect(ceo.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Your answer is recorded',
    );
    await expectAccessible(ceo, '04-link-receipt');

    await officer.goto(`${origin}/cases`);
    await expect(
      officer
        .getByRole('listitem')
        .filter({ has: officer.getByRole('link', { name: 'Better Care Fund plan 2021/22' }) })
        .last()
        .textContent(),
    ).resolves.toContain('Awaiting agreement from the Integrated Care Board’s Chief Executive');

    const leadContext = await browser.newContext({ bypassCSP: true });
    const lead = await leadContext.newPage();
    await signIn(lead, world.emailOf('governanceLead'), 'lead-password-1');
    await lead.goto(`${origin}/cases/${caseId}`);
    await expect(lead.getByText('intact, 3 records').count()).resolves.toBe(1);
    await expect(lead.getByRole('button', { name: /^Record / }).count()).resolves.toBe(0);
    await expectAccessible(lead, '05-case-governance-lead');
    await clickAndLoad(lead, lead.getByRole('link', { name: 'Verify the record' }));
    await expect(lead.getByRole('heading', { name: 'The record is intact' }).count()).resolves.toBe(
      1,
    );
    await expectAccessible(lead, '06-verify-the-record');
    await lead.goto(`${origin}/cases/${caseId}/certificate`);
    await expect(lead.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Better Care Fund plan 2021/22',
    );
    await expectAccessible(lead, '07-certificate');
    const [{ slug }]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    await lead.goto(`${origin}/register/${slug}`);
    await expectAccessible(lead, '08-public-register');
    for (const c of [officerContext, ceoContext, leadContext]) await c.close();
  });

  it('refuses a form posted without the session’s CSRF token and changes nothing', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'pw-123456',
      at: clock.now(),
    });
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    const agent = request.agent(app.getHttpServer());
    const email = world.emailOf('officer');
    expect((await postSignIn(agent, { email, password: 'pw-123456', next: '/cases' })).status).toBe(
      303,
    );
    await agent
      .post(`/cases/${opened.body.id}/events/SEEK_AGREEMENT`)
      .type('form')
      .send({ expectedVersion: '1' })
      .expect(403);
    const [{ version }]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [opened.body.id],
    );
    expect(version).toBe(1);
  });

  it('shows a wrong password the same as an unknown email, and does not sign in', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'right-password-1',
      at: clock.now(),
    });
    const answers = [];
    for (const attempt of [
      { email: 'nobody@example.test', password: 'x' },
      { email: world.emailOf('officer'), password: 'wrong-password-1' },
    ]) {
      const res = await postSignIn(request.agent(app.getHttpServer()), attempt);
      expect(res.status).toBe(422);
      // The words, beside the field the error summary links to, as GOV.UK puts it.
      expect(res.text).toMatch(
        /id="email-error"[^>]*>[\s\S]*?The email address or password is not right/,
      );
      // No session: the only cookie is the fresh sign-in form's CSRF token.
      const cookies = (res.headers['set-cookie'] ?? []) as unknown as string[];
      expect(cookies.filter((c) => !c.startsWith('ratify_sign_in='))).toEqual([]);
      answers.push(res.text.replace(/(value|nonce)="[^"]*"/g, ''));
    }
    // Apart from the email typed back into its field and the page's CSP nonce, the same page.
    expect(answers[1]).toBe(answers[0]);
  });
});

describe('roles and the keyboard', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('gives the governance lead a 403 page, not the form, for what only officers may do', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.governanceLead,
      role: 'governance_lead',
      password: 'lead-pass-1',
      at: clock.now(),
    });
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    const lead = request.agent(app.getHttpServer());
    const email = world.emailOf('governanceLead');
    expect((await postSignIn(lead, { email, password: 'lead-pass-1' })).status).toBe(303);
    await lead.get('/cases').expect(200);
    await lead.get(`/cases/${opened.body.id}`).expect(200);
    const forbidden = await lead.get('/cases/new').expect(403);
    expect(forbidden.text).toContain('You cannot see this page');
    await lead
      .post(`/cases/${opened.body.id}/events/SEEK_AGREEMENT`)
      .type('form')
      .send({ expectedVersion: '1' })
      .expect(403);
    const [{ version }]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [opened.body.id],
    );
    expect(version).toBe(1);
  });

  it('does not show another tenant’s case to a signed-in officer', async () => {
    const mine = await buildBcfWorld(db.ds);
    const theirs = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: mine.tenantId,
      personId: mine.ids.people.officer,
      role: 'officer',
      password: 'officer-pass-1',
      at: clock.now(),
    });
    const foreign = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${theirs.keys.officer}`)
      .send(openBcfCaseBody(theirs))
      .expect(201);
    const officer = request.agent(app.getHttpServer());
    const email = mine.emailOf('officer');
    expect((await postSignIn(officer, { email, password: 'officer-pass-1' })).status).toBe(303);
    const res = await officer.get(`/cases/${foreign.body.id}`);
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).not.toContain('Better Care Fund plan 2021/22');
  });

  it('lets an officer sign in and record a step with the keyboard alone', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'keyboard-pass-1',
      at: clock.now(),
    });
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    const page = await browser.newPage();
    await page.goto(`${origin}/sign-in?next=/cases/${opened.body.id}`);
    const email = world.emailOf('officer');
    // Tab from the top of the page to each field, as a keyboard user does.
    await tabTo(page, '#email');
    await page.keyboard.type(email);
    await tabTo(page, '#password');
    await page.keyboard.type('keyboard-pass-1');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${origin}/cases/${opened.body.id}`);
    await tabTo(page, 'button.govuk-button:not(.govuk-button--secondary)');
    await expect(page.evaluate('document.activeElement.textContent.trim()')).resolves.toBe(
      'Seek agreement',
    );
    await Promise.all([
      page.waitForResponse(
        (r) =>
          r.request().method() === 'GET' &&
          r.url().endsWith(`/cases/${opened.body.id}?done=SEEK_AGREEMENT`),
      ),
      page.keyboard.press('Enter'),
    ]);
    await expect(page.locator('main').textContent()).resolves.toContain(
      'Awaiting agreement from the Chief Executive and the Accountable Officer',
    );
    await page.close();
  });

  it('shows a governance lead that a record was altered behind the engine’s back', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.governanceLead,
      role: 'governance_lead',
      password: 'lead-pass-3',
      at: clock.now(),
    });
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const lead = request.agent(app.getHttpServer());
    const email = world.emailOf('governanceLead');
    expect((await postSignIn(lead, { email, password: 'lead-pass-3' })).status).toBe(303);
    expect((await lead.get(`/cases/${caseId}/verify`).expect(200)).text).toContain(
      'The record is intact',
    );
    await db.superuser(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE audit_records SET event = jsonb_set(event, '{type}', '"CASE_CLOSED"') WHERE case_id = '${caseId}' AND seq = 2;
       COMMIT;`,
    );
    const altered = await lead.get(`/cases/${caseId}/verify`).expect(200);
    expect(altered.text).toContain('The record has been altered');
    expect(altered.text).toContain('Record 2: edited');
  });
});
