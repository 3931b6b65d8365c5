import { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { LinkTokens } from '../libs/links/link-token.service';
import { axeViolations, launchChromium } from '../libs/testing/browser.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

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
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set(auth)
      .send(openBcfCaseBody(world))
      .expect(201);
    const caseId = opened.body.id as string;
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set(auth)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: 1 })
      .expect(200);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);

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
});
