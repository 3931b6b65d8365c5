import { INestApplication } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import type { Browser, Page } from 'playwright-core';
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
import { buildBcfWorld } from '../libs/testing/world.factory';

/**
 * The import page driven in Chromium: an administrator chooses a people file with a mistake, reads
 * the problem by line in the error summary, chooses the corrected file, checks what it adds and
 * imports it; every page passes axe's WCAG 2.2 AA rules.
 */

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('the directory’s import page in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const password = 'import-browser-pass-1';

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

  const peopleFile = (email: string) => ({
    name: 'people.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(
      stringify([
        ['name', 'email', 'organisation', 'elected_member'],
        ['Cllr Ada Finch', email, 'Southampton City Council', 'yes'],
        ['Dr Ben Osei', 'ben.osei@example.org', 'NHS Southampton City CCG', 'no'],
      ]),
    ),
  });

  async function choosePeople(page: Page, email: string) {
    await page.locator('input[type=file][name=people]').setInputFiles(peopleFile(email));
    await page.getByRole('button', { name: 'Check the files' }).click();
  }

  it('shows a problem by line, then imports the corrected file and says what was added', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.gp,
      role: 'administrator',
      password,
      at: clock.now(),
    });
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${origin}/directory/import`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Email address', { exact: true }).fill(world.emailOf('gp'));
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/directory/import`);
    await expectAccessible(page, 'import-01-form');
    await expect(page.getByRole('link', { name: 'people.csv' }).count()).resolves.toBe(1);

    await choosePeople(page, 'ada.finch@example');
    await page.waitForURL(`${origin}/directory/import/check`);
    await expect(page.getByRole('heading', { name: 'There is a problem' }).count()).resolves.toBe(
      1,
    );
    await expect(
      page
        .getByRole('link', {
          name: 'people.csv, line 2 (email): Give an email address such as name@example.org',
        })
        .count(),
    ).resolves.toBe(1);
    await expectAccessible(page, 'import-02-problems');

    await choosePeople(page, 'ada.finch@example.org');
    await page.waitForURL(`${origin}/directory/import/check`);
    await expect(
      page.getByRole('heading', { name: 'Check what the import changes' }).count(),
    ).resolves.toBe(1);
    await expect(page.getByText('Cllr Ada Finch (ada.finch@example.org)').count()).resolves.toBe(1);
    await expectAccessible(page, 'import-03-preview');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.waitForURL(`${origin}/directory/import`);
    await expect(page.getByRole('heading', { name: 'Import complete' }).count()).resolves.toBe(1);
    await expect(page.getByText('Added: 2 people').count()).resolves.toBe(1);
    await expectAccessible(page, 'import-04-done');
    const [{ n }] = await db.ds.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM people WHERE tenant_id = $1 AND email IN ('ada.finch@example.org', 'ben.osei@example.org')`,
      [world.tenantId],
    );
    expect(n).toBe('2');
    await context.close();
  });
});
