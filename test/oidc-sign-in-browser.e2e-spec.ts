import { INestApplication } from '@nestjs/common';
import { createServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { ManualClock } from '../libs/core/clock.service';
import { IdentityProvidersUseCase } from '../libs/staff/identity-providers.use-case';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import {
  BROWSER_JOURNEY_TIMEOUT_MS,
  expectAccessible,
  launchChromium,
} from '../libs/testing/browser.service';
import { OidcTestProvider } from '../libs/testing/oidc-test-provider.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

/** Single sign-on in Chromium: Ratify's page, the provider's login and consent, back signed in. */
jest.setTimeout(BROWSER_JOURNEY_TIMEOUT_MS);
describe('sign-in through an organisation’s provider in a real browser', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let idp: OidcTestProvider;
  let browser: Browser;
  let world: BcfWorld;
  let origin = '';
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    origin = `http://127.0.0.1:${await freePort()}`;
    app = await buildTestApp(db.ds, clock, { PUBLIC_ORIGIN: origin });
    await app.listen(Number(origin.split(':')[2]), '127.0.0.1');
    world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password: 'a-local-password-1',
      at: clock.now(),
    });
    await db.ds.query(
      `INSERT INTO staff_accounts (tenant_id, person_id, role, created_at) VALUES ($1, $2, 'administrator', $3)`,
      [world.tenantId, world.ids.people.ceo, clock.now()],
    );
    idp = await OidcTestProvider.start({
      clients: [
        {
          client_id: 'ratify-browser',
          client_secret: 'browser-secret',
          redirect_uris: [`${origin}/sign-in/oidc/callback`],
        },
      ],
      accounts: { dana: { email: world.emailOf('officer'), email_verified: true } },
    });
    process.env.OIDC_BROWSER_TEST_SECRET = 'browser-secret';
    const [admin]: { id: string }[] = await db.ds.query(
      'SELECT id FROM staff_accounts WHERE person_id = $1',
      [world.ids.people.ceo],
    );
    await app.get(IdentityProvidersUseCase).save(
      {
        organisationId: world.ids.organisations.council,
        name: 'Southampton City Council',
        issuer: idp.issuer,
        clientId: 'ratify-browser',
        clientSecretSetting: 'OIDC_BROWSER_TEST_SECRET',
        emailDomains: world.emailOf('officer').split('@')[1],
        verifiedEmailClaim: 'email_verified',
        enabled: true,
      },
      { tenantId: world.tenantId, accountId: admin.id },
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await idp?.stop();
    await app?.close();
    await db?.drop();
  });

  it('signs in through the provider’s login and consent, lists the session, and signs out', async () => {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${origin}/cases`);
    await page.waitForURL(/\/sign-in\?next=/);
    await expectAccessible(page, 'sso-01-sign-in');
    await page.getByLabel('Your work email').fill(world.emailOf('officer'));
    await page.getByRole('button', { name: 'Continue to your organisation’s sign-in' }).click();
    await page.waitForURL(new RegExp(`^${idp.issuer}/interaction/`));
    await page.locator('input[name="login"]').fill('dana');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(
      (u) => u.toString().startsWith(origin) || /consent|interaction/.test(u.toString()),
    );
    if (!page.url().startsWith(origin)) await page.locator('button[type="submit"]').click();
    await page.waitForURL(`${origin}/cases`);
    await page.getByRole('link', { name: 'Your sessions' }).click();
    await page.waitForURL(`${origin}/account/sessions`);
    await expectAccessible(page, 'sso-02-sessions');
    await expect(page.getByText('Through Southampton City Council').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in/);
    await page.goBack();
    await expect(page.getByText('Your sessions').count()).resolves.toBe(0);
  });

  it('shows a refusal as a page that says why', async () => {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${origin}/sign-in/oidc/callback?code=forged&state=forged`);
    await expect(
      page.getByRole('heading', { name: 'You are not signed in' }).count(),
    ).resolves.toBe(1);
    await expectAccessible(page, 'sso-03-refused');
  });
});
