import { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import {
  ARTIFACTS,
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
  expectAccessible,
  launchChromium,
  tabTo,
} from '../libs/testing/browser.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/** The administrator's pages driven in Chromium: the journeys, WCAG 2.2 AA, and the keyboard alone. */

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('the administrator’s pages in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

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

  /** A world of its own where Dr Okafor administers Ratify; returns the administrator's email. */
  async function adminWorld(password: string): Promise<{ world: BcfWorld; email: string }> {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.gp,
      role: 'administrator',
      password,
      at: clock.now(),
    });
    return {
      world,
      email: world.emailOf('gp'),
    };
  }

  it('lets an administrator change the call-in period, add a closure day and create an account, every page accessible', async () => {
    const { world, email } = await adminWorld('admin-browser-pass-1');
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${origin}/admin/settings`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('admin-browser-pass-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/admin/settings`);
    await expectAccessible(page, 'admin-01-settings');

    await page.getByLabel('Call-in period').fill('10');
    await page.getByRole('button', { name: 'Save the rules' }).click();
    await page.waitForURL(`${origin}/admin/settings?done=rules`);
    await expect(page.getByText('The rules are saved.').count()).resolves.toBe(1);
    await expect(page.getByLabel('Call-in period').inputValue()).resolves.toBe('10');

    await page.getByRole('group', { name: 'Date of the closure day' }).getByLabel('Day').fill('29');
    await page
      .getByRole('group', { name: 'Date of the closure day' })
      .getByLabel('Month')
      .fill('12');
    await page
      .getByRole('group', { name: 'Date of the closure day' })
      .getByLabel('Year')
      .fill('2025');
    await page
      .getByLabel('Why the council is closed')
      .fill('Civic centre closed between Christmas and New Year');
    await page.getByRole('button', { name: 'Add the closure day' }).click();
    await page.waitForURL(`${origin}/admin/settings?done=closure-added`);
    await expect(
      page.getByRole('row', { name: /Monday 29 December 2025/ }).textContent(),
    ).resolves.toContain('Civic centre closed between Christmas and New Year');
    await expectAccessible(page, 'admin-02-settings-saved');

    await page.getByLabel('Call-in period').fill('99');
    await clickAndLoad(page, page.getByRole('button', { name: 'Save the rules' }));
    await expect(page.getByRole('heading', { name: 'There is a problem' }).count()).resolves.toBe(
      1,
    );
    await expectAccessible(page, 'admin-03-settings-error');
    // The summary's link takes the reader to the field.
    await page
      .getByRole('link', {
        name: 'Enter a call-in period from 1 to 30 working days, as a whole number',
      })
      .click();
    // GOV.UK Frontend's error summary moves the focus to the field.
    await page.locator('#periodWorkingDays:focus').waitFor();

    const settings = await request(app.getHttpServer())
      .get('/api/settings')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    expect(settings.body.callIn).toEqual({ periodWorkingDays: 10 });
    expect(settings.body.calendar.extraClosures).toEqual([
      { date: '2025-12-29', reason: 'Civic centre closed between Christmas and New Year' },
    ]);

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', {
        name: 'Staff accounts',
      })
      .click();
    await page.waitForURL(`${origin}/admin/staff`);
    await expectAccessible(page, 'admin-04-staff');
    const joEmail = world.emailOf('healthwatch');
    await page.getByLabel('Person').selectOption({ label: `Jo Barnes (${joEmail})` });
    await page.getByLabel('Officer', { exact: true }).check();
    await page.getByLabel('Initial password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.waitForURL(`${origin}/admin/staff?done=created`);
    await expect(page.getByRole('row', { name: /Jo Barnes/ }).count()).resolves.toBe(1);
    await expectAccessible(page, 'admin-05-staff-created');

    const joContext = await browser.newContext({ bypassCSP: true });
    const jo = await joContext.newPage();
    await jo.goto(`${origin}/sign-in`);
    await jo.getByLabel('Email address').fill(joEmail);
    await jo.getByLabel('Password').fill('correct horse battery staple');
    await jo.getByRole('button', { name: 'Sign in' }).click();
    await jo.waitForURL(`${origin}/cases`);
    await expect(jo.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Cases');
    await joContext.close();
    await context.close();
  });

  it('shows the staff page’s errors accessibly, linked to their fields', async () => {
    const { email } = await adminWorld('admin-browser-pass-2');
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${origin}/sign-in?next=/admin/staff`);
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Password').fill('admin-browser-pass-2');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/admin/staff`);
    await page.getByLabel('Initial password').fill('too short');
    await clickAndLoad(page, page.getByRole('button', { name: 'Create the account' }));
    await expect(page.getByRole('heading', { name: 'There is a problem' }).count()).resolves.toBe(
      1,
    );
    await expectAccessible(page, 'admin-06-staff-errors');
    await page.getByRole('link', { name: 'Use at least 12 characters in the password' }).click();
    // GOV.UK Frontend's error summary moves the focus to the field.
    await page.locator('#password:focus').waitFor();
    await page.close();
  });

  it('lets an administrator add a closure day with the keyboard alone', async () => {
    const { world, email } = await adminWorld('admin-keyboard-pass-1');
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${origin}/sign-in?next=/admin/settings`);
    // Tab from the top of the page to each field, as a keyboard user does.
    await tabTo(page, '#email');
    await page.keyboard.type(email);
    await tabTo(page, '#password');
    await page.keyboard.type('admin-keyboard-pass-1');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${origin}/admin/settings`);
    await tabTo(page, '#closureDate-day');
    await page.keyboard.type('24');
    await page.keyboard.press('Tab');
    await page.keyboard.type('12');
    await page.keyboard.press('Tab');
    await page.keyboard.type('2025');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Christmas Eve closure');
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement.textContent.trim()')).resolves.toBe(
      'Add the closure day',
    );
    await page.keyboard.press('Enter');
    await page.waitForURL(`${origin}/admin/settings?done=closure-added`);
    await page.screenshot({ path: `${ARTIFACTS}/admin-07-keyboard-closure.png`, fullPage: true });
    const settings = await request(app.getHttpServer())
      .get('/api/settings')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .expect(200);
    expect(settings.body.calendar.extraClosures).toEqual([
      { date: '2025-12-24', reason: 'Christmas Eve closure' },
    ]);
    await page.close();
  });
});
