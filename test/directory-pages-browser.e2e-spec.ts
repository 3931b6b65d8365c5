import { INestApplication } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
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

/**
 * The directory's pages driven in Chromium on a phone-sized screen (390 px wide): an administrator
 * adds an organisation, a person and an office, appoints its holder, and finds each on the record
 * of changes; every page passes axe's WCAG 2.2 AA rules and none scrolls sideways.
 */

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('the directory pages in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const clock = new ManualClock(new Date('2026-03-02T10:00:00Z'));
  const password = 'directory-browser-pass-1';

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

  /** The page is accessible and as wide as the screen: nothing to scroll sideways to. */
  async function checkPage(page: Page, name: string) {
    await expectAccessible(page, name);
    // Whatever reaches past the screen's right edge, named, so that a failure says what is too wide.
    const tooWide = await page.evaluate(`[...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + [...e.classList].join('.'))
      .slice(0, 5)`);
    expect([name, tooWide]).toEqual([name, []]);
  }

  /** A GOV.UK date input, found by its legend. */
  async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(day);
    await group.getByLabel('Month').fill(month);
    await group.getByLabel('Year').fill(year);
  }

  it('sets up an organisation, a person and an office with its holder, each on the record of changes', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.gp,
      role: 'administrator',
      password,
      at: clock.now(),
    });
    const context = await browser.newContext({
      bypassCSP: true,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    await page.goto(`${origin}/directory`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Email address', { exact: true }).fill(world.emailOf('gp'));
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/directory`);
    await checkPage(page, 'directory-01-index');

    // An organisation: first with nothing typed, to see the errors, then properly.
    await page.getByRole('link', { name: 'Organisations', exact: true }).click();
    await page.waitForURL(`${origin}/directory/organisations`);
    await checkPage(page, 'directory-02-organisations');
    await page.getByRole('button', { name: 'Add an organisation' }).click();
    await page.waitForURL(`${origin}/directory/organisations/new`);
    await checkPage(page, 'directory-03-organisation-form');
    await clickAndLoad(page, page.getByRole('button', { name: 'Add the organisation' }));
    await expect(page.getByRole('heading', { name: 'There is a problem' }).count()).resolves.toBe(
      1,
    );
    await checkPage(page, 'directory-04-organisation-errors');
    await page.getByRole('link', { name: 'Enter the organisation’s name' }).click();
    await expect(page.evaluate('document.activeElement.id')).resolves.toBe('name');
    await page.getByLabel('Name', { exact: true }).fill('NHS Hampshire and Isle of Wight');
    await page.getByLabel('Integrated Care Board').check();
    await fillDate(page, 'First day as a partner (optional)', '1', '7', '2022');
    await page.getByRole('button', { name: 'Add the organisation' }).click();
    await page.waitForURL(/\/directory\/organisations\/[0-9a-f-]{36}\?done=created$/);
    await expect(page.getByText('The organisation is added.').count()).resolves.toBe(1);
    await checkPage(page, 'directory-05-organisation');

    // A person of that organisation.
    await page.goto(`${origin}/directory/people`);
    await checkPage(page, 'directory-06-people');
    await page.getByRole('button', { name: 'Add a person' }).click();
    await page.waitForURL(`${origin}/directory/people/new`);
    await page.getByLabel('Full name').fill('Amara Nwosu');
    await page.getByLabel('Email address').fill('amara.nwosu@example.org');
    await page
      .getByLabel('Organisation')
      .selectOption({ label: 'NHS Hampshire and Isle of Wight' });
    await checkPage(page, 'directory-07-person-form');
    await page.getByRole('button', { name: 'Add the person' }).click();
    await page.waitForURL(/\/directory\/people\/[0-9a-f-]{36}\?done=created$/);
    await expect(page.getByText('The person is added.').count()).resolves.toBe(1);
    await checkPage(page, 'directory-08-person');

    // An office, and its holder.
    await page.goto(`${origin}/directory/offices`);
    await checkPage(page, 'directory-09-offices');
    await page.getByRole('button', { name: 'Add an office' }).click();
    await page.waitForURL(`${origin}/directory/offices/new`);
    await page.getByLabel('Title').fill('Chief Nurse, NHS Hampshire and Isle of Wight');
    await page
      .getByLabel('Organisation')
      .selectOption({ label: 'NHS Hampshire and Isle of Wight' });
    await page.getByRole('button', { name: 'Add the office' }).click();
    await page.waitForURL(/\/directory\/offices\/[0-9a-f-]{36}\?done=created$/);
    await checkPage(page, 'directory-10-office');
    await page.getByRole('button', { name: 'Appoint a holder' }).click();
    await page.waitForURL(/\/appoint$/);
    await page
      .getByLabel('Person')
      .selectOption({ label: 'Amara Nwosu (amara.nwosu@example.org)' });
    await page.getByLabel('Substantive').check();
    await fillDate(page, 'First day they hold the office', '2', '3', '2026');
    await checkPage(page, 'directory-11-appoint');
    await page.getByRole('button', { name: 'Appoint' }).click();
    await page.waitForURL(/\?done=appointed&cases=0$/);
    await expect(page.getByText('The holder is appointed.').count()).resolves.toBe(1);
    await expect(
      page.getByRole('heading', { name: 'Amara Nwosu – Holds it today' }).count(),
    ).resolves.toBe(1);
    await checkPage(page, 'directory-12-office-held');

    // The record of changes names each, newest first.
    await page.goto(`${origin}/directory/changes`);
    const titles = await page.locator('.govuk-summary-card__title').allTextContents();
    expect(titles.map((t) => t.trim())).toEqual([
      'Office holder appointed: Amara Nwosu, Chief Nurse, NHS Hampshire and Isle of Wight',
      'Office added: Chief Nurse, NHS Hampshire and Isle of Wight',
      'Person added: Amara Nwosu',
      'Organisation added: NHS Hampshire and Isle of Wight',
    ]);
    await expect(
      page.getByText('The record is whole: all 4 changes follow one from another').count(),
    ).resolves.toBe(1);
    await checkPage(page, 'directory-13-changes');

    // API keys: make one, see it once.
    await page.goto(`${origin}/directory/api-keys/new`);
    await page
      .getByLabel('Whose key it is')
      .selectOption({ label: 'Amara Nwosu (amara.nwosu@example.org)' });
    await page.getByLabel('What it is for').fill('Nursing rota integration');
    await checkPage(page, 'directory-14-api-key-form');
    await clickAndLoad(page, page.getByRole('button', { name: 'Create the key' }));
    await expect(page.getByRole('heading', { name: 'API key created' }).count()).resolves.toBe(1);
    await checkPage(page, 'directory-15-api-key-created');
    await page.getByRole('link', { name: 'Back to API keys' }).click();
    await page.waitForURL(`${origin}/directory/api-keys`);
    await checkPage(page, 'directory-16-api-keys');
    await context.close();
  });
});
