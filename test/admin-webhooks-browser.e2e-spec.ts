import { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
  expectAccessible,
  launchChromium,
} from '../libs/testing/browser.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

/** The webhooks pages in Chromium: WCAG 2.2 AA on each, and the error summary's links to fields. */

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('the webhooks pages in a real browser', () => {
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

  it('lets an administrator subscribe after fixing an address, see the secret once and send a test event, every page accessible', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.gp,
      role: 'administrator',
      password: 'admin-webhooks-pass-1',
      at: clock.now(),
    });
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in?next=/admin/webhooks`);
    await page.getByLabel('Email address').fill(world.emailOf('gp'));
    await page.getByLabel('Password').fill('admin-webhooks-pass-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/admin/webhooks`);
    await expectAccessible(page, 'webhooks-01-list');

    await page.getByLabel('Address to send events to').fill('http://ccm.example.org/hook');
    await clickAndLoad(page, page.getByRole('button', { name: 'Subscribe' }));
    await expect(page.getByRole('heading', { name: 'There is a problem' }).count()).resolves.toBe(
      1,
    );
    await expectAccessible(page, 'webhooks-02-errors');
    await page.getByRole('link', { name: /The address must start with https:\/\// }).click();
    // GOV.UK Frontend's error summary moves the focus to the field.
    await page.locator('#url:focus').waitFor();
    await expect(page.getByLabel('Address to send events to').inputValue()).resolves.toBe(
      'http://ccm.example.org/hook',
    );

    await page.getByLabel('Address to send events to').fill('https://ccm.example.org/hook');
    await page.getByLabel('A decision is published').check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Subscribe' }));
    await expect(page.getByText('Copy the signing secret now').count()).resolves.toBe(1);
    await expectAccessible(page, 'webhooks-03-subscribed');

    await page.getByRole('button', { name: 'Send a test event' }).click();
    await page.waitForURL(/\?done=test$/);
    await expect(page.getByText('Waiting to be sent').count()).resolves.toBe(1);
    await expectAccessible(page, 'webhooks-04-log');
    await context.close();
  });
});
