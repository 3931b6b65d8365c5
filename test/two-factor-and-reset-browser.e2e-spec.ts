import { INestApplication } from '@nestjs/common';
import { authenticator } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  expectAccessible,
  launchChromium,
} from '../libs/testing/browser.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

const PASSWORD = 'the-first-password-1';
const NEW_PASSWORD = 'a brand new passphrase';

/**
 * A local account's sign-in in Chromium: turning on an authenticator app from the QR page (the
 * code computed from the key the page shows, as the app would), signing in with its code, a code
 * given twice refused; then "Forgotten your password?" by the emailed link, through a real SMTP
 * peer, ending the session signed in elsewhere, and the link refused when used again.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('two-factor sign-in and password reset in a real browser', () => {
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let app: INestApplication;
  let browser: Browser;
  let world: BcfWorld;
  let origin = '';
  let secret = '';
  // Codes are computed at the app's own time: the test moves it on 30 s for each new code.
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const codeNow = () => authenticator.clone({ epoch: clock.now().getTime() }).generate(secret);

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    app = await buildTestApp(db.ds, clock, { SMTP_URL: smtp.url });
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: PASSWORD,
      at: clock.now(),
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  async function newPage(): Promise<Page> {
    return (await browser.newContext({ bypassCSP: true })).newPage();
  }
  async function signInWithPassword(page: Page, password: string) {
    await page.goto(`${origin}/sign-in?next=/cases`);
    await page.getByLabel('Email address', { exact: true }).fill(world.emailOf('officer'));
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
  async function giveCode(page: Page, code: string) {
    await page.waitForURL(/\/sign-in\/two-factor/);
    await page.getByLabel('Security code').fill(code);
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  const signOut = async (page: Page) => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in/);
  };

  it('turns on an authenticator app from its QR code, signs in with its code and refuses a code given twice', async () => {
    const page = await newPage();
    await signInWithPassword(page, PASSWORD);
    await page.waitForURL(`${origin}/cases`);
    await page.getByRole('link', { name: 'Your sessions' }).click();
    await page.getByRole('link', { name: 'Your authenticator app' }).click();
    await page.waitForURL(`${origin}/account/two-factor`);
    await expect(
      page
        .getByRole('img', { name: /QR code/ })
        .locator('svg')
        .count(),
    ).resolves.toBe(1);
    await expectAccessible(page, 'two-factor-01-qr-code');
    secret = (await page.locator('main code').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByLabel('Code from the app').fill(codeNow());
    await page.getByRole('button', { name: 'Turn on the authenticator app' }).click();
    await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    const recovery = await page.locator('#recovery-codes code').allInnerTexts();
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    for (const c of recovery) expect(c).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await expectAccessible(page, 'two-factor-02-recovery-codes');
    await signOut(page);

    // Signing in again: the password, then the app's next code.
    clock.advance(30_000);
    const code = codeNow();
    await signInWithPassword(page, PASSWORD);
    await page.getByRole('heading', { name: 'Enter your security code' }).waitFor();
    await expectAccessible(page, 'two-factor-03-code');
    await giveCode(page, code);
    await page.waitForURL(`${origin}/cases`);
    await signOut(page);

    // The same code again, in the same 30 seconds: refused, and not signed in.
    await signInWithPassword(page, PASSWORD);
    await giveCode(page, code);
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    await expect(summary.innerText()).resolves.toContain('That code has been used already');
    await expect(
      page.getByRole('link', { name: /used already/ }).getAttribute('href'),
    ).resolves.toBe('#code');
    await expectAccessible(page, 'two-factor-04-code-used-twice');
    await page.goto(`${origin}/cases`);
    await page.waitForURL(/\/sign-in\/two-factor/);

    clock.advance(30_000);
    await giveCode(page, codeNow());
    await page.waitForURL(`${origin}/cases`);
  });

  it('resets a forgotten password by the emailed link, ends the session elsewhere, and refuses the link used again', async () => {
    // Signed in on another device before the reset.
    const elsewhere = await newPage();
    clock.advance(30_000);
    await signInWithPassword(elsewhere, PASSWORD);
    await giveCode(elsewhere, codeNow());
    await elsewhere.waitForURL(`${origin}/cases`);

    const page = await newPage();
    await page.goto(`${origin}/sign-in`);
    await page.getByRole('link', { name: 'Forgotten your password?' }).click();
    await expectAccessible(page, 'reset-01-ask');
    const before = smtp.messages.length;
    await page.getByLabel('Email address').fill(world.emailOf('officer'));
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();

    const [mail] = (await smtp.waitForCount(before + 1)).slice(before);
    expect(mail.subject).toBe('Reset your Ratify password');
    expect(mail.to).toContain(world.emailOf('officer'));
    const path = /\/set-password\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];
    expect(path).toBeDefined();

    await page.goto(`${origin}${path}`);
    await page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await expectAccessible(page, 'reset-02-choose');
    await page.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.getByRole('heading', { name: 'Password saved' }).waitFor();
    await expectAccessible(page, 'reset-03-saved');

    // The other device's session ended with the reset.
    await elsewhere.reload();
    await elsewhere.waitForURL(/\/sign-in\?next=/);

    // The link again: a page that says why, and the password stays the new one.
    await page.goto(`${origin}${path}`);
    await page.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    await expect(page.locator('main').innerText()).resolves.toContain(
      'A link to reset a password works once',
    );
    await expectAccessible(page, 'reset-04-link-used');
    await expect(
      page.getByRole('link', { name: 'Ask for a new link to reset your password' }).count(),
    ).resolves.toBe(1);

    await signInWithPassword(page, PASSWORD);
    await page.locator('.govuk-error-summary').waitFor();
    clock.advance(30_000);
    await signInWithPassword(page, NEW_PASSWORD);
    await giveCode(page, codeNow());
    await page.waitForURL(`${origin}/cases`);
  });
});
