import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { DEMO_PASSWORDS, seedDemo } from '../libs/demo/demo-seed.service';
import { BROWSER_JOURNEY_TIMEOUT_MS, expectAccessible } from '../libs/testing/browser.service';
import { mailboxAppHarness } from '../libs/testing/mailbox-app-harness.service';
import { DemoSeedProviders } from '../libs/demo/demo-seed-providers.service';

/** README's walk "By email, as board members do", as its own text. */
function readmeEmailWalk(): string {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const start = readme.indexOf('### By email, as board members do');
  expect(start).toBeGreaterThan(0);
  return readme.slice(start, readme.indexOf('\n### ', start + 1));
}

/*
 * README's promise (issue #12, Tests): a newcomer who starts the demo and follows the walk "By
 * email, as board members do" moves the demo's BCF plan on from the development mailbox alone: the
 * Chief Executive's agreement, then the HWBB chair's approval under delegation. The demo is seeded
 * as `npm start` seeds it, and each step is taken as README words it, in Chromium.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('the README walk of the demo BCF plan by email, in a real browser', () => {
  const clock = new ManualClock(new Date('2026-12-03T09:30:00Z'));
  const h = mailboxAppHarness({
    clock,
    browser: true,
    seed: (app, ds) => seedDemo(ds, clock, app.get(DemoSeedProviders)),
  });

  /** Opens the newest message to `to` with `subject` in the mailbox page, follows its link, approves. */
  async function approveFromMailbox(page: Page, to: string, subject: string) {
    const { origin } = h.ready();
    await page.goto(`${origin}/dev/mailbox`);
    await page
      .getByRole('row')
      .filter({ hasText: to })
      .getByRole('link', { name: new RegExp(`^${subject}`) })
      .first()
      .click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^${subject}`) }).waitFor();
    const link = await page.locator('a[href*="/act/"]').first().getAttribute('href');
    await page.goto(`${origin}${new URL(link!).pathname}`);
    await page.getByLabel('I approve', { exact: true }).check();
    await page.getByRole('button', { name: 'Confirm my answer' }).click();
    await page.getByRole('heading', { level: 1, name: /Your answer is recorded/ }).waitFor();
  }

  it('takes the plan from the Chief Executive’s agreement to the chair’s approval, as README says', async () => {
    const walk = readmeEmailWalk();
    for (const words of ['Your agreement is needed', 'Morgan Hale', 'I approve', 'HWBB chair'])
      expect(walk).toContain(words);

    // The Chief Executive's request, delivered as the worker delivers it.
    await h.deliver();
    const page = await h.newPage();
    await page.goto(`${h.ready().origin}/dev/mailbox`);
    await expectAccessible(page, '42-demo-mailbox');
    await approveFromMailbox(page, 'morgan.hale', 'Your agreement is needed');

    // "The case moves on to the HWBB chair, whose request arrives in the mailbox": follow it too.
    await h.deliver();
    await approveFromMailbox(page, 'alex.rowe', 'Your approval is needed under delegation');

    // The officer sees the plan approved: the next thing to record is its submission.
    await h.deliver();
    const officer = await h.signIn(DEMO_PASSWORDS.officer.email, DEMO_PASSWORDS.officer.password);
    await officer.getByRole('link', { name: 'Better Care Fund plan 2026/27' }).first().click();
    await officer.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await officer.getByRole('button', { name: 'Record the submission' }).waitFor();
    const sent = (await h.ready().mailbox.list()).filter((m) =>
      m.subject.startsWith('Approved and ready to submit'),
    );
    expect(sent.length).toBeGreaterThan(0);
  });
});
