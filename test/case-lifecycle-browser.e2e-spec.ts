import { INestApplication } from '@nestjs/common';
import { ManualClock } from '../libs/core/clock.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import {
  axeViolations,
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
} from '../libs/testing/browser.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { mailboxAppHarness } from '../libs/testing/mailbox-app-harness.service';
import { STAFF, staffWorld } from '../libs/testing/staff-page-client.service';
import type { TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld } from '../libs/testing/world.factory';

/*
 * A withdrawal in a real browser, through the development mailbox (ADR 0012): the Chief Executive
 * has a request by email; the officer withdraws the case from its page with a reason; the Chief
 * Executive's next email says so, and the link in the first one says why it no longer works.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('withdrawing a case in a real browser, told through the email links', () => {
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));
  const h = mailboxAppHarness({ clock, browser: true });
  let db: TestDatabase;
  let app: INestApplication;
  let origin: string;
  beforeAll(() => ({ db, app, origin } = h.ready()));

  const { messageTo } = h;

  const signIn = (w: BcfWorld) => h.signIn(w.emailOf('officer'), STAFF.officer.password);

  it('withdraws from the case page; the person asked reads why in their email and at their old link', async () => {
    const w = await staffWorld(db.ds, clock);
    const { caseId } = await caseAwaitingAgreementOverApi(app, w);
    await app.get(OutboxDeliveryService).deliverDue();

    // The Chief Executive opens the request from their email.
    const ceo = await h.newPage();
    const request1 = await messageTo(w.emailOf('ceo'), /Your agreement is needed/);
    const act = new URL(request1.links.find((l) => l.includes('/act/'))!).pathname;
    await ceo.goto(`${origin}${act}`);
    await expect(ceo.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Better Care Fund plan 2021/22',
    );

    // The officer withdraws the case from its page: the form asks for a reason and a confirmation.
    const officer = await signIn(w);
    await officer.goto(`${origin}/cases/${caseId}`);
    await officer.getByRole('link', { name: 'Withdraw the case' }).click();
    await officer.waitForURL(`${origin}/cases/${caseId}/withdraw`);
    expect(await axeViolations(officer)).toEqual([]);
    await clickAndLoad(officer, officer.getByRole('button', { name: 'Withdraw the case' }));
    await expect(officer.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Say why the case is withdrawn',
    );
    expect(await axeViolations(officer)).toEqual([]);
    await officer.getByLabel('Why is the case withdrawn?').fill('Replaced by the joint plan.');
    await officer.getByLabel('Yes, withdraw this case').check();
    await officer.getByRole('button', { name: 'Withdraw the case' }).click();
    await officer.waitForURL(`${origin}/cases/${caseId}?done=withdrawn`);
    await expect(officer.locator('main').textContent()).resolves.toContain(
      'Reason: Replaced by the joint plan.',
    );
    expect(await axeViolations(officer)).toEqual([]);

    // The Chief Executive is told by email, with the reason, and the old link says why it is closed.
    await app.get(OutboxDeliveryService).deliverDue();
    const told = await messageTo(
      w.emailOf('ceo'),
      /^Withdrawn: Better Care Fund plan 2021\/22 \([A-Z][A-Z0-9]+-\d{4}-\d{4}\)$/,
    );
    await ceo.goto(`${origin}${told.href}`);
    await expect(ceo.locator('body').textContent()).resolves.toContain(
      'The reason given: Replaced by the joint plan.',
    );
    const closed = await ceo.goto(`${origin}${act}`);
    expect(closed?.status()).toBe(410);
    await expect(ceo.locator('main').textContent()).resolves.toContain(
      'because the case was withdrawn',
    );
    expect(await axeViolations(ceo)).toEqual([]);
  });
});
