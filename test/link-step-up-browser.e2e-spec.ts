import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { DevMailbox } from '../libs/notifications/dev-mailbox.service';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  expectAccessible,
  launchChromium,
} from '../libs/testing/browser.service';
import { buildJcbWorld, JcbWorld } from '../libs/testing/jcb-world.factory';
import { OidcTestProvider } from '../libs/testing/oidc-test-provider.service';
import {
  connectCouncilProvider,
  jcbCaseAwaitingDecision,
} from '../libs/testing/step-up-case.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/*
 * Step-up before taking a JCB decision from the emailed link, in Chromium (issue #16 item 4,
 * ADR 0016): through the council's own sign-in at a real OpenID provider, and, for a council
 * without one, through a code emailed separately and read in the development mailbox; the refusals
 * (someone else signed in, a forged state, a wrong, reused or guessed code) as pages, axe clean.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('confirming who you are before answering a link, in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let idp: OidcTestProvider;
  let browser: Browser;
  let mailbox: DevMailbox;
  let mailboxDir: string;
  let withSso: JcbWorld;
  let withoutSso: JcbWorld;
  let origin = '';
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    mailboxDir = mkdtempSync(join(tmpdir(), 'ratify-mailbox-'));
    mailbox = new DevMailbox(mailboxDir);
    const smtpPort = await freePort();
    await mailbox.start(smtpPort);
    origin = `http://127.0.0.1:${await freePort()}`;
    app = await buildTestApp(
      db.ds,
      clock,
      { PUBLIC_ORIGIN: origin, SMTP_URL: `smtp://127.0.0.1:${smtpPort}` },
      { devMailbox: mailbox },
    );
    await app.listen(Number(origin.split(':')[2]), '127.0.0.1');
    withSso = await buildJcbWorld(db.ds);
    withoutSso = await buildJcbWorld(db.ds);
    idp = await OidcTestProvider.start({
      clients: [
        {
          client_id: 'ratify-browser-step-up',
          client_secret: 'browser-step-up-secret',
          redirect_uris: [`${origin}/act/verify/callback`],
        },
      ],
      accounts: {
        ada: { email: withSso.emailOf('cab1'), email_verified: true },
        ben: { email: withSso.emailOf('cab2'), email_verified: true },
      },
    });
    process.env.OIDC_BROWSER_STEP_UP_SECRET = 'browser-step-up-secret';
    await connectCouncilProvider(app, db.ds, withSso, clock.now(), {
      issuer: idp.issuer,
      clientId: 'ratify-browser-step-up',
      secretSetting: 'OIDC_BROWSER_STEP_UP_SECRET',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
    await app?.close();
    await mailbox?.stop();
    if (mailboxDir) rmSync(mailboxDir, { recursive: true, force: true });
    await db?.drop();
  });

  const newPage = async () => (await browser.newContext({ bypassCSP: true })).newPage();
  const linkPath = (linkId: string) => `/act/${app.get(LinkTokens).tokenFor(linkId)}`;

  /** At the provider's development pages: the login, then the consent if it asks. */
  async function signInAtProvider(page: Page, login: string) {
    await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(
      (u) => u.toString().startsWith(origin) || /consent|interaction/.test(u.toString()),
    );
    if (!page.url().startsWith(origin)) await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.toString().startsWith(origin));
  }

  async function auditCount(caseId: string): Promise<number> {
    const [a]: { n: number }[] = await db.ds.query(
      'SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1',
      [caseId],
    );
    return a.n;
  }

  it('takes the decision after signing in at the council’s provider; someone else or a forged state is refused', async () => {
    const { c, linkId } = await jcbCaseAwaitingDecision(app, db.ds, withSso, clock);
    const path = linkPath(linkId);
    const before = await auditCount(c.id);

    // Someone else's account at the provider: refused, nothing recorded.
    const other = await newPage();
    await other.goto(`${origin}${path}`);
    await other
      .getByRole('button', { name: 'Continue to Southampton City Council sign-in' })
      .click();
    await signInAtProvider(other, 'ben');
    await other.getByRole('heading', { name: 'We could not confirm who you are' }).waitFor();
    await expect(other.locator('main').textContent()).resolves.toContain(
      'as someone other than the person this request was sent to',
    );
    await expectAccessible(other, 'step-up-01-someone-else');

    // A forged answer from the provider.
    const forger = await newPage();
    await forger.goto(`${origin}/act/verify/callback?code=forged&state=forged`);
    await forger.getByRole('heading', { name: 'We could not confirm who you are' }).waitFor();
    await expectAccessible(forger, 'step-up-02-forged-state');
    expect(await auditCount(c.id)).toBe(before);

    // The decision maker.
    const approver = await newPage();
    await approver.goto(`${origin}${path}`);
    await expectAccessible(approver, 'step-up-03-confirm-who-you-are');
    await expect(approver.getByRole('button', { name: 'Confirm my answer' }).count()).resolves.toBe(
      0,
    );
    await approver
      .getByRole('button', { name: 'Continue to Southampton City Council sign-in' })
      .click();
    await signInAtProvider(approver, 'ada');
    await approver.waitForURL(`${origin}${path}`);
    await approver
      .getByText(
        `You confirmed who you are through Southampton City Council sign-in as ${withSso.emailOf('cab1')}`,
      )
      .waitFor();
    await expectAccessible(approver, 'step-up-04-confirmed');
    await approver.getByLabel('I approve', { exact: true }).check();
    await approver.getByRole('button', { name: 'Confirm my answer' }).click();
    await approver.getByRole('heading', { level: 1, name: /Your answer is recorded/ }).waitFor();
    expect(await auditCount(c.id)).toBeGreaterThan(before);
  });

  it('takes the decision after a code from the mailbox where the council has no sign-in; wrong, reused and guessed codes are refused', async () => {
    const { c, linkId } = await jcbCaseAwaitingDecision(app, db.ds, withoutSso, clock);
    const path = linkPath(linkId);
    const before = await auditCount(c.id);
    const codeFromMailbox = async () => {
      const entries = (await mailbox.list()).filter(
        (e) =>
          e.to.includes(withoutSso.emailOf('cab1')) &&
          e.subject === 'Your code to confirm who you are',
      );
      const message = await mailbox.read(entries[0].id);
      return /Your code is (\d{6})/.exec(message!.text)![1];
    };

    const approver = await newPage();
    await approver.goto(`${origin}${path}`);
    await approver.getByRole('button', { name: 'Email me a code' }).click();
    await approver.getByRole('heading', { name: 'Enter the code we emailed you' }).waitFor();
    await expectAccessible(approver, 'step-up-05-enter-code');
    const code = await codeFromMailbox();
    const wrong = code === '000000' ? '111111' : '000000';
    await approver.getByLabel('Code').fill(wrong);
    await approver.getByRole('button', { name: 'Confirm the code' }).click();
    await expect(approver.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'The code is not right',
    );
    await expectAccessible(approver, 'step-up-06-wrong-code');
    await approver.getByLabel('Code').fill(code);
    await approver.getByRole('button', { name: 'Confirm the code' }).click();
    await approver.waitForURL(`${origin}${path}`);
    await approver.getByText('You confirmed who you are with a code emailed to').waitFor();

    // The same code typed in another browser: used already.
    const other = await newPage();
    await other.goto(`${origin}${path}`);
    await other.getByRole('button', { name: 'Email me a code' }).click();
    await other.getByLabel('Code').fill(code);
    await other.getByRole('button', { name: 'Confirm the code' }).click();
    await expect(other.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'That code has already been used',
    );
    // Guessing the new code: five wrong ones void it.
    const fresh = await codeFromMailbox();
    const guess = fresh === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      await other.getByLabel('Code').fill(guess);
      await other.getByRole('button', { name: 'Confirm the code' }).click();
      await other.locator('.govuk-error-summary').waitFor();
    }
    await expect(other.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'that code no longer works',
    );
    await expectAccessible(other, 'step-up-07-guessing-throttled');
    expect(await auditCount(c.id)).toBe(before);

    await approver.getByLabel('I approve', { exact: true }).check();
    await approver.getByRole('button', { name: 'Confirm my answer' }).click();
    await approver.getByRole('heading', { level: 1, name: /Your answer is recorded/ }).waitFor();
    expect(await auditCount(c.id)).toBeGreaterThan(before);
  });
});
