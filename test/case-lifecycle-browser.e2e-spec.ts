import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { DevMailbox } from '../libs/notifications/dev-mailbox.service';
import { OutboxDeliveryService } from '../libs/notifications/outbox-delivery.service';
import {
  axeViolations,
  BROWSER_JOURNEY_TIMEOUT_MS,
  launchChromium,
} from '../libs/testing/browser.service';
import { STAFF, staffWorld } from '../libs/testing/staff-page-client.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/*
 * A withdrawal in a real browser, through the development mailbox (ADR 0012): the Chief Executive
 * has a request by email; the officer withdraws the case from its page with a reason; the Chief
 * Executive's next email says so, and the link in the first one says why it no longer works.
 */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('withdrawing a case in a real browser, told through the email links', () => {
  let db: TestDatabase;
  let mailbox: DevMailbox;
  let mailboxDir: string;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  const clock = new ManualClock(new Date('2021-10-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    mailboxDir = mkdtempSync(join(tmpdir(), 'ratify-mailbox-'));
    mailbox = new DevMailbox(mailboxDir);
    const port = await freePort();
    await mailbox.start(port);
    app = await buildTestApp(
      db.ds,
      clock,
      { SMTP_URL: `smtp://127.0.0.1:${port}` },
      { devMailbox: mailbox },
    );
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await mailbox?.stop();
    rmSync(mailboxDir, { recursive: true, force: true });
    await db?.drop();
  });

  /** The newest message to `email` with `subject`, as the mailbox lists it. */
  async function messageTo(email: string, subject: RegExp) {
    const res = await request(app.getHttpServer())
      .get('/dev/mailbox')
      .query({ to: email })
      .set('Accept', 'application/json')
      .expect(200);
    const found = (res.body.messages as { href: string; subject: string; links: string[] }[]).find(
      (m) => subject.test(m.subject),
    );
    if (!found) throw new Error(`no message to ${email} matching ${subject}`);
    return found;
  }

  async function signIn(w: BcfWorld): Promise<Page> {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${origin}/sign-in`);
    await page.getByLabel('Email address', { exact: true }).fill(w.emailOf('officer'));
    await page.getByLabel('Password').fill(STAFF.officer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${origin}/cases`);
    return page;
  }

  it('withdraws from the case page; the person asked reads why in their email and at their old link', async () => {
    const w = await staffWorld(db.ds, clock);
    const auth = { Authorization: `Bearer ${w.keys.officer}` };
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set(auth)
      .send(openBcfCaseBody(w))
      .expect(201);
    const caseId = opened.body.id as string;
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(200);
    await app.get(OutboxDeliveryService).deliverDue();

    // The Chief Executive opens the request from their email.
    const ceo = await (await browser.newContext({ bypassCSP: true })).newPage();
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
    await officer.getByRole('button', { name: 'Withdraw the case' }).click();
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
    const told = await messageTo(w.emailOf('ceo'), /^Withdrawn: Better Care Fund plan 2021\/22$/);
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
