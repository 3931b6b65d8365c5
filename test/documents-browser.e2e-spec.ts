import { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { CertificateService } from '../libs/audit/certificate.service';
import { LinkTokens } from '../libs/links/link-token.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import {
  axeViolations,
  BROWSER_JOURNEY_TIMEOUT_MS,
  clickAndLoad,
  launchChromium,
} from '../libs/testing/browser.service';
import { pdfFile } from '../libs/testing/document-fixtures.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../libs/testing/world.factory';

jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('reading a document before approving, in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let browser: Browser;
  let origin: string;
  let clock: ReturnType<typeof engineHarness>['clock'];

  beforeAll(async () => {
    db = await openTestDatabase();
    clock = engineHarness(db.ds).clock;
    app = await buildTestApp(db.ds, clock);
    await app.listen(0, '127.0.0.1');
    origin = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.drop();
  });

  it('an officer uploads a PDF, the approver opens the link, reads the PDF inline and approves, and the view is on the record', async () => {
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'officer-pass-1',
      at: clock.now(),
    });
    const opened = await request(app.getHttpServer())
      .post('/api/cases')
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send(openBcfCaseBody(world))
      .expect(201);
    const caseId = opened.body.id as string;

    // bypassCSP only so that the test can inject axe-core; the pages run under their strict CSP.
    const officer = await (await browser.newContext({ bypassCSP: true })).newPage();
    await officer.goto(`${origin}/sign-in?next=/cases/${caseId}/documents`);
    await officer.fill('#email', world.emailOf('officer'));
    await officer.fill('#password', 'officer-pass-1');
    await officer.getByRole('button', { name: 'Sign in' }).click();
    await officer.waitForURL(`${origin}/cases/${caseId}/documents`);
    expect(await axeViolations(officer)).toEqual([]);
    await officer.getByLabel('Title').first().fill('Better Care Fund plan 2021/22');
    await officer.getByLabel('Plan', { exact: true }).first().check();
    await officer.setInputFiles('#file1', {
      name: 'bcf-plan.pdf',
      mimeType: 'application/pdf',
      buffer: pdfFile(),
    });
    await clickAndLoad(officer, officer.getByRole('button', { name: 'Upload' }));
    await expect(officer.locator('main').textContent()).resolves.toContain('version 1 is current');
    expect(await axeViolations(officer)).toEqual([]);

    const [{ version }]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    await request(app.getHttpServer())
      .post(`/api/cases/${caseId}/events`)
      .set('Authorization', `Bearer ${world.keys.officer}`)
      .send({ type: 'SEEK_AGREEMENT', expectedVersion: version })
      .expect(200);
    const [link]: { id: string }[] = await db.ds.query(
      `SELECT id FROM action_links WHERE case_id = $1 AND person_id = $2 AND status = 'open'`,
      [caseId, world.ids.people.ceo],
    );
    const token = app.get(LinkTokens).tokenFor(link.id);

    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${origin}/act/${token}`);
    expect(await axeViolations(page)).toEqual([]);
    const documentLink = page.getByRole('link', {
      name: /Better Care Fund plan 2021\/22 \(version 1, PDF/,
    });
    // Headless Chromium has no PDF viewer and saves the file instead: the response is what counts.
    const [pdf] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/act/${token}/documents/1`)),
      documentLink.click().catch(() => undefined),
    ]);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(pdf.headers()['content-disposition']).toMatch(/^inline;/);
    expect(await pdf.headerValue('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);

    await page.goto(`${origin}/act/${token}`);
    await page.getByLabel('I approve', { exact: true }).check();
    await clickAndLoad(page, page.getByRole('button', { name: 'Confirm my answer' }));
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'Your answer is recorded',
    );
    expect(await axeViolations(page)).toEqual([]);

    const views: { method: string }[] = await db.ds.query(
      'SELECT method FROM action_link_views WHERE link_id = $1 ORDER BY id',
      [link.id],
    );
    expect(views.map((v) => v.method)).toContainEqual(
      expect.stringMatching(
        /^GET document 1: “Better Care Fund plan 2021\/22” version 1, SHA-256 [0-9a-f]{64}$/,
      ),
    );
    // The certificate of completion lists the view among the case's events.
    const certificate = await app.get(CertificateService).build(world.tenantId, caseId);
    expect(JSON.stringify(certificate)).toContain(
      'GET document 1: “Better Care Fund plan 2021/22” version 1, SHA-256',
    );
    await context.close();
  });
});
