import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { BROWSER_JOURNEY_TIMEOUT_MS, launchChromium } from '../libs/testing/browser.service';
import { buildCrawlWorld, type CrawlWorld } from '../libs/testing/crawl-world.factory';
import { KEYBOARD_DECISION_FORMS } from '../libs/testing/keyboard-decision-forms.factory';
import { keyboardDecisionWorld } from '../libs/testing/keyboard-decision-world.factory';
import { runKeyboardRows } from '../libs/testing/keyboard-runner.service';
import { KEYBOARD_SSO_STEP_UP, ssoStepUpWorld } from '../libs/testing/keyboard-sso-step-up.factory';
import { freePort } from '../libs/testing/mailbox-app-harness.service';
import type { OidcTestProvider } from '../libs/testing/oidc-test-provider.service';
import { SmtpCapture } from '../libs/testing/smtp-capture.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, type TestDatabase } from '../libs/testing/test-database.service';

/*
 * The forms of a decision's way to the register and of the emailed links with the keyboard alone
 * (issue #12, Tests: keyboard-only on each form type; an error-summary test for each form), in
 * Chromium, as libs/testing/keyboard-runner.service.ts does it (see test/keyboard-forms-browser):
 * a notice's lawful route, a linked item's show of hands, the decision drafted and its "check your
 * answers", the decision maker's answer after a code emailed separately (step-up), the Decision
 * Notice signed from its links with "check your answer" (the decision maker's after "Send me a new
 * code", the code before refused), its publication checked and recorded (and an officer's
 * decision's under delegation, on its own check page), and
 * choosing and switching council; then the decision maker's answer after their organisation's
 * sign-in at a real OpenID provider (step-up; someone else's account refused), in the pages' own
 * policy; every page a form leads to passes axe (WCAG 2.2 AA), the POSTs' pages the crawl never
 * opens among them. The rows: libs/testing/keyboard-decision-forms.factory.ts and
 * keyboard-sso-step-up.factory.ts.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS * 2);
describe('a decision’s forms and the emailed links’ with the keyboard alone, in Chromium', () => {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let db: TestDatabase;
  let smtp: SmtpCapture;
  let app: INestApplication;
  let browser: Browser;
  let world: CrawlWorld;
  let origin: string;
  let idp: OidcTestProvider | undefined;

  beforeAll(async () => {
    db = await openTestDatabase();
    smtp = await SmtpCapture.start();
    // Its own address known first: the provider sends the browser back to it.
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    app = await buildTestApp(db.ds, clock, {
      SMTP_URL: smtp.url,
      LINK_RATE_LIMIT_PER_MINUTE: '1000',
      PUBLIC_ORIGIN: origin,
    });
    world = await buildCrawlWorld(db.ds, app, clock);
    await app.listen(port, '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('reaches every field and button with Tab, fills each form in, and shows where the focus is', async () => {
    const more = await keyboardDecisionWorld(db.ds, app, clock, world, smtp);
    const run = {
      browser,
      origin,
      world,
      clock,
      organisation: '',
      name: 'keyboard-decision',
      axe: true,
    };
    expect(await runKeyboardRows({ ...run, ...more }, KEYBOARD_DECISION_FORMS)).toEqual([]);
  });

  it('confirms who answers through their organisation’s sign-in, with the keyboard alone', async () => {
    const sso = await ssoStepUpWorld(app, db.ds, clock, world, origin);
    idp = sso.idp;
    const run = {
      browser,
      origin,
      world,
      clock,
      organisation: '',
      name: 'keyboard-sso',
      axe: true,
    };
    const problems: string[] = [];
    // A browser each: the provider remembers who signed in there.
    for (const row of KEYBOARD_SSO_STEP_UP)
      problems.push(...(await runKeyboardRows({ ...run, places: sso.places }, [row])));
    expect(problems).toEqual([]);
  });
});
