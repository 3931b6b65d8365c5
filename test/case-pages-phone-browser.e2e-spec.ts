import { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  expectAccessible,
  launchChromium,
} from '../libs/testing/browser.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

/** The officer's daily pages on a phone, in Chromium: no sideways scrolling, a step recorded with a typed date, axe clean. */

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('case pages on a phone', () => {
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

  /** Nothing on the page is wider than the phone: no sideways scrolling. */
  async function expectNoSidewaysScroll(page: Page, name: string) {
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect([name, width]).toEqual([name, expect.any(Number)]);
    expect([name, (width as number) <= 390]).toEqual([name, true]);
  }

  it('opens a case, records its submission with a typed date, and fits a 390 px screen', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'phone-password-1',
      at: clock.now(),
    });
    const api = (who: string) => ({ Authorization: `Bearer ${world.keys[who]}` });
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set(api('officer'))
      .send(
        openBcfCaseBody(world, {
          title:
            'Better Care Fund plan 2021/22 with a very long title: Southampton City Council and NHS Southampton City CCG jointly',
        }),
      )
      .expect(201);
    const id = opened.body.id as string;
    for (const [who, type, version] of [
      ['officer', 'SEEK_AGREEMENT', 1],
      ['ceo', 'AGREE', 2],
      ['ao', 'AGREE', 3],
      ['chair', 'APPROVE', 4],
    ] as const)
      await request(app.getHttpServer())
        .post(`/api/cases/${id}/events`)
        .set(api(who))
        .send({ type, expectedVersion: version })
        .expect(200);
    clock.set('2021-11-17T10:00:00Z');

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    });
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in?next=/cases`);
    await page.locator('#email').fill(world.emailOf('officer'));
    await page.locator('#password').fill('phone-password-1');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/cases`);
    await expectNoSidewaysScroll(page, 'dashboard');
    await expectAccessible(page, 'phone-01-dashboard');

    await page
      .getByRole('link', { name: /Better Care Fund plan 2021\/22 with a very long title/ })
      .first()
      .click();
    await page.waitForURL(`${origin}/cases/${id}`);
    await expectNoSidewaysScroll(page, 'case page');
    await expectAccessible(page, 'phone-02-case');

    // A date that cannot be: the error summary links to it and keeps what was typed.
    const submitted = page.getByRole('group', { name: 'Date the plan was submitted' });
    await submitted.getByLabel('Day').fill('31');
    await submitted.getByLabel('Month').fill('11');
    await submitted.getByLabel('Year').fill('2021');
    await page.getByRole('button', { name: 'Record the submission' }).click();
    await page.getByRole('heading', { name: 'There is a problem' }).waitFor();
    await expect(
      page
        .getByRole('link', { name: 'The date the plan was submitted must be a real date' })
        .count(),
    ).resolves.toBe(1);
    await expect(submitted.getByLabel('Day').inputValue()).resolves.toBe('31');
    await expectNoSidewaysScroll(page, 'case page with errors');
    await expectAccessible(page, 'phone-03-case-error');

    // The date as many people type it, in one box.
    await submitted.getByLabel('Day').fill('16/11/2021');
    await submitted.getByLabel('Month').fill('');
    await submitted.getByLabel('Year').fill('');
    await page.getByRole('button', { name: 'Record the submission' }).click();
    await page.waitForURL(`${origin}/cases/${id}?done=RECORD_SUBMISSION`);
    await expect(
      page
        .locator('.govuk-notification-banner--success')
        .getByRole('heading', { name: 'The plan’s submission was recorded' })
        .count(),
    ).resolves.toBe(1);
    await expect(page.locator('main').textContent()).resolves.toContain('Tuesday 16 November 2021');
    await expect(page.locator('main').textContent()).resolves.not.toContain('UTC');
    await expectNoSidewaysScroll(page, 'case page after recording');
    await expectAccessible(page, 'phone-04-case-recorded');

    await page.goto(`${origin}/cases/find?q=very+long+title`);
    await expectNoSidewaysScroll(page, 'find a case');
    await expectAccessible(page, 'phone-05-find');
    await page.goto(`${origin}/cases/${id}/certificate`);
    await expectNoSidewaysScroll(page, 'certificate');
    await expectAccessible(page, 'phone-06-certificate');
    await context.close();
  });
});
