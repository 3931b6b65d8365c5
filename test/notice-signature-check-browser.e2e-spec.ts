import type { Page } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
  expectAccessible,
} from '../libs/testing/browser.service';
import { buildJcbWorld, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { mailboxAppHarness } from '../libs/testing/mailbox-app-harness.service';
import { jcbCaseAwaitingSignature } from '../libs/testing/step-up-case.factory';

/*
 * The Decision Notice's signature checked before it is recorded (issue #12), in Chromium as the
 * Proper Officer meets it: the emailed link from the development mailbox, a code to confirm who
 * they are, the answer shown in words (axe: WCAG 2.2 AA), changed, confirmed, and recorded once.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('a Decision Notice signature checked in a real browser', () => {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let world: JcbWorld | undefined;
  const harness = mailboxAppHarness({
    clock,
    browser: true,
    before: async (ds) => (world = await buildJcbWorld(ds)),
  });

  async function audited(caseId: string): Promise<number> {
    const [a]: { n: number }[] = await harness
      .ready()
      .db.ds.query('SELECT count(*)::int AS n FROM audit_records WHERE case_id = $1', [caseId]);
    return a.n;
  }

  /** The newest email to `to` whose subject matches, as the mailbox holds it. */
  async function newestMail(to: string, subject: RegExp) {
    const { mailbox } = harness.ready();
    const entries = (await mailbox.list()).filter(
      (e) => e.to.includes(to) && subject.test(e.subject),
    );
    expect(entries.length).toBeGreaterThan(0);
    return (await mailbox.read(entries[entries.length - 1].id))!;
  }

  async function confirmWhoTheyAre(page: Page, email: string) {
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByRole('heading', { name: 'Enter the code we emailed you' }).waitFor();
    const mail = await newestMail(email, /^Your code to confirm who you are$/);
    await page.getByLabel('Code').fill(/Your code is (\d{6})/.exec(mail.text)![1]);
    await page.getByRole('button', { name: 'Confirm the code' }).click();
    await page.getByText('You confirmed who you are with a code emailed to').waitFor();
  }

  it('shows the signature in words, brings the answer back to change, and records it once confirmed', async () => {
    const { app, db, origin } = harness.ready();
    const { c } = await jcbCaseAwaitingSignature(app, db.ds, world!, clock);
    await harness.deliver();
    const email = world!.emailOf('proper');
    const mail = await newestMail(email, /Your signature is needed on the Decision Notice/);
    const path = /https?:\/\/[^/\s]+(\/act\/[A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    const page = await harness.newPage();
    await page.goto(`${origin}${path}`);
    await confirmWhoTheyAre(page, email);
    const before = await audited(c.id);

    await page.getByLabel('I approve, with comments', { exact: true }).check();
    await page.getByLabel('Comments (if you approve with comments)').fill('Signed for the CCG');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check your answer' }).waitFor();
    const answers = page.locator('.govuk-summary-list').first();
    await expect(answers.textContent()).resolves.toMatch(/Your answer\s+I approve, with comments/);
    await expect(answers.textContent()).resolves.toMatch(/Your comments\s+Signed for the CCG/);
    await expectAccessible(page, 'notice-signature-01-check-your-answer');
    expect(await audited(c.id)).toBe(before);

    // Change your answers: the form again, as typed, and nothing recorded.
    await page.getByRole('button', { name: 'Change your answers' }).click();
    await page.getByRole('button', { name: 'Continue' }).waitFor();
    await expect(
      page.getByLabel('I approve, with comments', { exact: true }).isChecked(),
    ).resolves.toBe(true);
    const comments = page.getByLabel('Comments (if you approve with comments)');
    await expect(comments.inputValue()).resolves.toBe('Signed for the CCG');
    await expectAccessible(page, 'notice-signature-02-changed');
    await comments.fill('Signed for the CCG\nwith the corrected provider name');
    await clickAndLoad(page, page.getByRole('button', { name: 'Continue' }));
    await expect(answers.textContent()).resolves.toMatch(/with the corrected provider name/);
    expect(await audited(c.id)).toBe(before);

    // A second tab of the same browser holds the same check page open, to confirm after the first.
    const second = await page.context().newPage();
    await second.goto(`${origin}${path}`);
    await second.getByLabel('I approve', { exact: true }).check();
    await second.getByRole('button', { name: 'Continue' }).click();
    await second.getByRole('heading', { level: 1, name: 'Check your answer' }).waitFor();

    await page.getByRole('button', { name: 'Confirm my answer' }).click();
    await page.getByRole('heading', { level: 1, name: /Your answer is recorded/ }).waitFor();
    expect(await audited(c.id)).toBe(before + 1);
    const [event]: { event: { type: string; comments: string } }[] = await db.ds.query(
      'SELECT event FROM audit_records WHERE case_id = $1 ORDER BY seq DESC LIMIT 1',
      [c.id],
    );
    expect(event.event).toMatchObject({
      type: 'APPROVE',
      comments: 'Signed for the CCG\r\nwith the corrected provider name',
      evidence: { channel: 'email-link', response: 'approveWithComments' },
    });

    // The second tab's confirmation: the link is used, it says when, and nothing more is recorded.
    await second.getByRole('button', { name: 'Confirm my answer' }).click();
    await second
      .getByText(/already/)
      .first()
      .waitFor();
    await expect(second.textContent('main')).resolves.toContain('you approve, with comments');
    expect(await audited(c.id)).toBe(before + 1);
  });
});
