import { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import {
  axeViolations,
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
  launchChromium,
} from '../libs/testing/browser.service';
import { caseAwaitingAgreementOverApi } from '../libs/testing/bcf-api-harness.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('answering from an email link in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, engineHarness(db.ds).clock);
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('opens the link, reads the request, approves and sees the receipt, with no WCAG 2.2 AA violations', async () => {
    const world = await buildBcfWorld(db.ds);
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);
    // A second tab holds the same form open, to be answered after the first.
    const secondTab = await (await browser.newContext({ bypassCSP: true })).newPage();
    await secondTab.goto(`${origin}/act/${token}`);

    // bypassCSP only so that the test can inject axe-core; the page itself runs under its strict CSP.
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const cspErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') cspErrors.push(m.text());
    });
    await page.goto(`${origin}/act/${token}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Better Care Fund plan 2021/22',
    );
    await expect(
      page.getByText('Chief Executive, Southampton City Council').count(),
    ).resolves.toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('I approve', { exact: true }).check();
    await page.getByRole('button', { name: 'Confirm my answer' }).click();
    await page.waitForURL(`${origin}/act/${token}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Your answer is recorded',
    );
    expect(await axeViolations(page)).toEqual([]);
    expect(cspErrors).toEqual([]);

    // The pages that say no are accessible too: answered already, and no such link.
    await secondTab.getByLabel('I approve', { exact: true }).check();
    await clickAndLoad(secondTab, secondTab.getByRole('button', { name: 'Confirm my answer' }));
    await expect(secondTab.getByRole('heading', { level: 1 }).textContent()).resolves.toMatch(
      /already/i,
    );
    expect(await axeViolations(secondTab)).toEqual([]);
    await secondTab.goto(`${origin}/act/${'A'.repeat(43)}`);
    expect(await axeViolations(secondTab)).toEqual([]);

    const view = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}`)
      .set(auth)
      .expect(200);
    expect(view.body.context.agreements).toEqual({
      chiefExecutive: true,
      accountableOfficer: false,
    });
    await context.close();
  });

  it('shows each text box with its answer, all of them without JavaScript, and a refused one again with its error', async () => {
    const world = await buildBcfWorld(db.ds);
    const { caseId } = await caseAwaitingAgreementOverApi(app, world);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    const url = `${origin}/act/${app.get(LinkTokens).tokenFor(link.id)}`;

    // Without JavaScript, as GOV.UK's pattern does: every box shown, each under its answer.
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const noScript = await plain.newPage();
    await noScript.goto(url);
    await expect(noScript.getByLabel('Reasons (if you reject)').isVisible()).resolves.toBe(true);
    await expect(
      noScript.getByLabel('Comments (if you approve with comments)').isVisible(),
    ).resolves.toBe(true);
    await plain.close();

    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(url);
    const reasons = page.getByLabel('Reasons (if you reject)');
    const comments = page.getByLabel('Comments (if you approve with comments)');
    await reasons.waitFor({ state: 'hidden' });
    await comments.waitFor({ state: 'hidden' });
    await page.getByLabel('I reject, with reasons', { exact: true }).check();
    await reasons.waitFor({ state: 'visible' });
    await expect(comments.isVisible()).resolves.toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('I approve, with comments', { exact: true }).check();
    await comments.waitFor({ state: 'visible' });
    await reasons.waitFor({ state: 'hidden' });
    await comments.fill('   ');
    await clickAndLoad(page, page.getByRole('button', { name: 'Confirm my answer' }));
    // Refused: the summary's link goes to the box, shown under its answer, as typed.
    await page.locator('.govuk-error-summary a[href="#comments"]').click();
    await expect(
      page.evaluate('document.activeElement && document.activeElement.id'),
    ).resolves.toBe('comments');
    await expect(comments.isVisible()).resolves.toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('answers too many sign-in attempts from one address with an accessible page', async () => {
    const address = '203.0.113.77';
    for (let i = 0; i < 20; i++)
      await request(app.getHttpServer())
        .post('/sign-in')
        .set('X-Forwarded-For', address)
        .type('form')
        .send({ email: 'nobody@example.org', password: 'wrong' });
    const context = await browser.newContext({
      bypassCSP: true,
      extraHTTPHeaders: { 'X-Forwarded-For': address },
    });
    const page = await context.newPage();
    await page.goto(`${origin}/sign-in`);
    await page.getByLabel('Email address').fill('nobody@example.org');
    await page.getByLabel('Password').fill('wrong');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/sign-in') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    expect(response.status()).toBe(429);
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });
});
