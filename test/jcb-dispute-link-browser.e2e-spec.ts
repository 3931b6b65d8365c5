import { ManualClock } from '../libs/core/clock.service';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
  expectAccessible,
} from '../libs/testing/browser.service';
import { jcbCaseInDispute } from '../libs/testing/jcb-dispute-case.factory';
import { buildJcbWorld, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { mailboxAppHarness } from '../libs/testing/mailbox-app-harness.service';

/*
 * The Leader of the Council concludes a dispute from the emailed link (JCB version 8, ToR 9.1), in
 * Chromium as they meet it: the email from the development mailbox, the page offering the
 * dispute's two conclusions (axe: WCAG 2.2 AA), a missing note refused with a GOV.UK error
 * summary, the answer shown in words to check, then recorded once, the case awaiting the ICB's
 * chair.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('the Leader of the Council concluding a dispute from the emailed link, in a real browser', () => {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let world: JcbWorld | undefined;
  const harness = mailboxAppHarness({
    clock,
    browser: true,
    before: async (ds) => (world = await buildJcbWorld(ds)),
  });

  it('answers “back to the Board” with a note, checked before it is recorded', async () => {
    const { app, db, origin, mailbox } = harness.ready();
    // On version 8, by its number, the version this page's words were written for (as
    // jcb-dispute-links-v8.e2e-spec): a later version made current is another template.
    const c = await jcbCaseInDispute(
      app,
      world!,
      clock,
      'Integrated wheelchair service contract',
      8,
    );
    expect(c.template.version).toBe(8);
    await harness.deliver();
    const email = world!.emailOf('councilLeader');
    const entries = (await mailbox.list()).filter(
      (e) => e.to.includes(email) && /A dispute for the Leader/.test(e.subject),
    );
    expect(entries).toHaveLength(1);
    const mail = (await mailbox.read(entries[0].id))!;
    const path = /https?:\/\/[^/\s]+(\/act\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    const page = await harness.newPage();
    await page.goto(`${origin}${path}`);
    await page.getByText('Your conclusion of the dispute is asked for').waitFor();
    await expectAccessible(page, 'dispute-link-01-asked');

    const back = page.getByLabel(
      'I conclude that it goes back to the Board for further consideration',
    );
    await back.check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Continue' }));
    await page.locator('.govuk-error-summary').waitFor();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Write what was discussed and concluded',
    );
    await expectAccessible(page, 'dispute-link-02-note-missing');

    await page
      .getByLabel('What was discussed and concluded (if it goes back to the Board)')
      .fill('We agreed the revised specification should go back to the Board');
    await page
      .getByLabel('I conclude that it goes back to the Board for further consideration')
      .check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Continue' }));
    await page.getByRole('heading', { level: 1, name: 'Check your answer' }).waitFor();
    await expect(page.locator('.govuk-summary-list').first().textContent()).resolves.toMatch(
      /Your answer\s+I conclude that it goes back to the Board for further consideration/,
    );
    await expectAccessible(page, 'dispute-link-03-check');

    await clickAndLoad(page, page.getByRole('button', { name: 'Confirm my answer' }));
    await page.getByRole('heading', { level: 1, name: /Your answer is recorded/ }).waitFor();
    await expect(page.textContent('main')).resolves.toContain(
      'awaiting the conclusion of the partner’s chair',
    );
    const [row]: { state_key: string; n: number }[] = await db.ds.query(
      `SELECT c.state_key, (SELECT count(*)::int FROM audit_records a WHERE a.case_id = c.id AND a.event->>'type' = 'CONCLUDE_RETURN_TO_BOARD') AS n FROM cases c WHERE c.id = $1`,
      [c.id],
    );
    expect(row).toEqual({ state_key: 'referredBack.inDispute', n: 1 });
  });
});
