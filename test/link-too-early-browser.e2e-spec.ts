import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { DevMailbox } from '../libs/notifications/dev-mailbox.service';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  expectAccessible,
  launchChromium,
} from '../libs/testing/browser.service';
import { buildJcbWorld } from '../libs/testing/jcb-world.factory';
import { jcbCaseAwaitingDecision, STEP_UP_MEETING } from '../libs/testing/step-up-case.factory';
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
 * A decision maker who answers the emailed request too early, in Chromium (issue #11): the
 * decision cannot be taken before the Board's meeting (DECISION_BEFORE_MEETING). The link page
 * says so, and from when, before they answer; the answer, confirmed anyway, is refused with the
 * rule's explanation in the error summary, and nothing is recorded. With the recorded-date rules a
 * show of hands can no longer be recorded before its meeting, so the clock is turned back after it
 * was, as for a case whose show of hands was recorded before those rules.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('answering a link before the step it waits for, in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let mailbox: DevMailbox;
  let mailboxDir: string;
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
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await mailbox?.stop();
    if (mailboxDir) rmSync(mailboxDir, { recursive: true, force: true });
    await db?.drop();
  });

  it('says on the link page why and from when, refuses the answer with the rule’s explanation and records nothing', async () => {
    const world = await buildJcbWorld(db.ds);
    const { c, linkId } = await jcbCaseAwaitingDecision(app, db.ds, world, clock);
    // The day before the meeting of Thursday 4 September 2025.
    clock.set('2025-09-03T10:00:00Z');
    const before = async () => {
      const [row]: { version: number; state_key: string }[] = await db.ds.query(
        'SELECT version, state_key FROM cases WHERE id = $1',
        [c.id],
      );
      const [audit]: { n: number }[] = await db.ds.query(
        'SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1',
        [c.id],
      );
      const [link]: { status: string }[] = await db.ds.query(
        'SELECT status FROM action_links WHERE id = $1',
        [linkId],
      );
      return { ...row, audit: audit.n, link: link.status };
    };
    const was = await before();
    expect(was.link).toBe('open');

    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    const path = `/act/${app.get(LinkTokens).tokenFor(linkId)}`;
    await page.goto(`${origin}${path}`);
    const why = 'the decision cannot be taken before the meeting on Thu 4 Sep 2025';
    await expect(page.locator('.govuk-warning-text').first().textContent()).resolves.toContain(
      `Not yet: ${why}.`,
    );
    await page.getByText('It can be taken from Thu 4 Sep 2025').waitFor();
    await expectAccessible(page, 'too-early-01-link-page');

    // The decision needs its maker to confirm who they are: a code emailed separately.
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByRole('heading', { name: 'Enter the code we emailed you' }).waitFor();
    const sent = (await mailbox.list()).filter(
      (e) =>
        e.to.includes(world.emailOf('cab1')) && e.subject === 'Your code to confirm who you are',
    );
    const message = await mailbox.read(sent[0].id);
    await page.getByLabel('Code').fill(/Your code is (\d{6})/.exec(message!.text)![1]);
    await page.getByRole('button', { name: 'Confirm the code' }).click();
    await page.waitForURL(`${origin}${path}`);
    await page.getByText('You confirmed who you are with a code emailed to').waitFor();

    await page.getByLabel('I approve', { exact: true }).check();
    await page.getByRole('button', { name: 'Confirm my answer' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.waitFor();
    const said = await summary.textContent();
    expect(said).toContain('Your answer was not recorded');
    expect(said).toContain(why);
    expect(said).not.toContain('cannot be used');
    await expectAccessible(page, 'too-early-02-refused');

    // Nothing recorded: the case, its audit chain and the link are as they were.
    expect(await before()).toEqual(was);
    const views: { method: string }[] = await db.ds.query(
      'SELECT method FROM action_link_views WHERE link_id = $1',
      [linkId],
    );
    expect(views.map((v) => v.method)).toContain('POST refused: DECISION_BEFORE_MEETING');
    expect(STEP_UP_MEETING).toBe('2025-09-04');
  });
});
