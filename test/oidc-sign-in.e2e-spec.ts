import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ManualClock } from '../libs/core/clock.service';
import { IdentityProvidersUseCase } from '../libs/staff/identity-providers.use-case';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { continuedTo, OidcTestProvider } from '../libs/testing/oidc-test-provider.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

const ORIGIN = 'http://localhost:3000';
const CALLBACK = `${ORIGIN}/sign-in/oidc/callback`;
const clients = ['council-a', 'ccg-a', 'council-b'].map((id) => ({
  client_id: id,
  client_secret: `secret-of-${id}`,
  redirect_uris: [CALLBACK],
}));

/**
 * Signing in through an organisation's OpenID Connect provider: a real provider (oidc-provider)
 * in its own process, its login and consent pages followed as a browser does, and each way a
 * sign-in must be refused with nothing signed in.
 */
describe('sign-in through an organisation’s identity provider', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let idp: OidcTestProvider;
  let a: BcfWorld;
  let b: BcfWorld;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const emails: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, { PUBLIC_ORIGIN: ORIGIN });
    a = await buildBcfWorld(db.ds);
    b = await buildBcfWorld(db.ds);
    const domainA = a.emailOf('officer').split('@')[1];
    const domainB = b.emailOf('officer').split('@')[1];
    // The CCG's staff have addresses of their own, as an ICB's do (nhs.net, not the council's).
    const [ccgPerson]: { id: string }[] = await db.ds.query(
      `SELECT id FROM people WHERE tenant_id = $1 AND organisation_id = $2 ORDER BY name LIMIT 1`,
      [a.tenantId, a.ids.organisations.ccg],
    );
    emails.ccg = `ccg-person@nhs-${domainA}`;
    await db.ds.query('UPDATE people SET email = $2 WHERE id = $1', [ccgPerson.id, emails.ccg]);
    emails.officer = a.emailOf('officer');
    emails.admin = a.emailOf('ceo');
    emails.officerB = b.emailOf('officer');
    const account = (w: BcfWorld, personId: string, role: 'officer' | 'administrator') =>
      StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: w.tenantId,
        personId,
        role,
        password: 'a-local-password-1',
        at: clock.now(),
      });
    await account(a, a.ids.people.officer, 'officer');
    await account(a, a.ids.people.ceo, 'administrator');
    await account(a, ccgPerson.id, 'officer');
    await account(b, b.ids.people.officer, 'officer');
    const [adminA]: { id: string }[] = await db.ds.query(
      'SELECT id FROM staff_accounts WHERE person_id = $1',
      [a.ids.people.ceo],
    );
    idp = await OidcTestProvider.start({
      clients,
      accounts: {
        'officer-a': { email: emails.officer, email_verified: true, name: 'Dana' },
        'officer-a-again': { email: emails.officer, email_verified: true },
        'admin-a': { email: emails.admin, email_verified: true },
        'ccg-a': { email: emails.ccg, email_verified: true },
        unverified: { email: emails.officer, email_verified: false },
        nobody: { email: `nobody@${domainA}`, email_verified: true },
        'officer-b': { email: emails.officerB, email_verified: true },
      },
    });
    for (const c of clients)
      process.env[`OIDC_TEST_${c.client_id.replace('-', '_').toUpperCase()}`] = c.client_secret;
    const providers = app.get(IdentityProvidersUseCase);
    const connect = (w: BcfWorld, admin: string, org: string, clientId: string, domain: string) =>
      providers.save(
        {
          organisationId: w.ids.organisations[org],
          name: `${org} of ${w.tenantId.slice(0, 4)}`,
          issuer: idp.issuer,
          clientId,
          clientSecretSetting: `OIDC_TEST_${clientId.replace('-', '_').toUpperCase()}`,
          emailDomains: domain,
          verifiedEmailClaim: 'email_verified',
          enabled: true,
        },
        { tenantId: w.tenantId, accountId: admin },
      );
    await connect(a, adminA.id, 'council', 'council-a', domainA);
    await connect(a, adminA.id, 'ccg', 'ccg-a', `nhs-${domainA}`);
    const [adminB]: { id: string }[] = await db.ds.query(
      `INSERT INTO staff_accounts (tenant_id, person_id, role, created_at) VALUES ($1, $2, 'administrator', $3) RETURNING id`,
      [b.tenantId, b.ids.people.ceo, clock.now()],
    );
    await connect(b, adminB.id, 'council', 'council-b', domainB);
  });
  afterAll(async () => {
    await idp?.stop();
    await app?.close();
    await db?.drop();
  });

  /** Starts a sign-in from Ratify's page; the address of the provider the browser is sent to. */
  async function start(agent: TestAgent, email: string): Promise<string> {
    const page = await agent.get('/sign-in?next=/cases');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const res = await agent
      .post('/sign-in/organisation')
      .type('form')
      .send({ ssoEmail: email, next: '/cases', _csrf: csrf });
    const to = continuedTo(res);
    expect(to).toContain(`${idp.issuer}/auth?`);
    return to;
  }

  const back = (u: URL) => u.pathname + u.search;

  async function signedInAs(agent: TestAgent): Promise<string | null> {
    const res = await agent.get('/cases');
    if (res.status !== 200) return null;
    return /Signed in as ([^(]+) \(/.exec(res.text)?.[1].trim() ?? null;
  }

  async function refusedWith(agent: TestAgent, callback: URL, words: RegExp) {
    const res = await agent.get(back(callback));
    expect(res.status).toBe(403);
    expect(res.text).toContain('You are not signed in');
    expect(res.text).toMatch(words);
    expect(String(res.headers['set-cookie'] ?? '')).not.toMatch(/ratify_session=[A-Za-z0-9_-]{43}/);
    expect(await signedInAs(agent)).toBeNull();
  }

  it('signs an officer in through the council’s provider with PKCE, linking the subject to the existing account', async () => {
    const agent = request.agent(app.getHttpServer());
    const url = new URL(await start(agent, emails.officer));
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('client_id')).toBe('council-a');
    expect(url.searchParams.get('login_hint')).toBe(emails.officer);
    for (const p of ['state', 'nonce', 'code_challenge'])
      expect(url.searchParams.get(p)).toBeTruthy();
    const callback = await idp.signInAt(url.toString(), 'officer-a');
    expect(callback.origin + callback.pathname).toBe(CALLBACK);
    const res = await agent.get(back(callback));
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/cases');
    expect(await signedInAs(agent)).toBe('Dana Whitlock');
    const links: { subject: string }[] = await db.ds.query(
      `SELECT i.subject FROM staff_identities i JOIN staff_accounts s ON s.id = i.account_id WHERE s.person_id = $1`,
      [a.ids.people.officer],
    );
    expect(links).toEqual([{ subject: 'officer-a' }]);
    const [session]: { method: string }[] = await db.ds.query(
      `SELECT s.method FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id WHERE a.person_id = $1`,
      [a.ids.people.officer],
    );
    expect(session.method).toMatch(/^oidc:/);

    // Replayed: the same answer again finds no sign-in under way in this browser.
    const casesPage = await agent.get('/cases');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(casesPage.text)?.[1] ?? '';
    expect((await agent.post('/sign-out').type('form').send({ _csrf: csrf })).status).toBe(303);
    await refusedWith(agent, callback, /already used/);
  });

  it('signs a CCG officer in through the CCG’s own provider, and refuses the council’s provider for them', async () => {
    const agent = request.agent(app.getHttpServer());
    const url = await start(agent, emails.ccg);
    expect(new URL(url).searchParams.get('client_id')).toBe('ccg-a');
    const res = await agent.get(back(await idp.signInAt(url, 'ccg-a')));
    expect(res.status).toBe(303);
    expect(await signedInAs(agent)).not.toBeNull();

    const other = request.agent(app.getHttpServer());
    await refusedWith(
      other,
      await idp.signInAt(await start(other, emails.officer), 'ccg-a'),
      /outside the domains/,
    );
  });

  it('keeps to the subject once linked: another subject with the same email is refused', async () => {
    const agent = request.agent(app.getHttpServer());
    await refusedWith(
      agent,
      await idp.signInAt(await start(agent, emails.officer), 'officer-a-again'),
      /already linked to another account/,
    );
  });

  it('refuses an answer whose state was changed, and then the real one as well', async () => {
    const agent = request.agent(app.getHttpServer());
    const callback = await idp.signInAt(await start(agent, emails.officer), 'officer-a');
    const forged = new URL(callback);
    forged.searchParams.set('state', 'x'.repeat(43));
    await refusedWith(agent, forged, /does not belong to the sign-in this browser started/);
    await refusedWith(agent, callback, /already used/);
  });

  it('refuses an answer brought to another browser (no sign-in under way there)', async () => {
    const agent = request.agent(app.getHttpServer());
    const callback = await idp.signInAt(await start(agent, emails.officer), 'officer-a');
    await refusedWith(request.agent(app.getHttpServer()), callback, /not started in this browser/);
  });

  it('refuses an ID token whose nonce is not the one this sign-in sent', async () => {
    const agent = request.agent(app.getHttpServer());
    const url = new URL(await start(agent, emails.officer));
    const callback = await idp.signInAt(url.toString(), 'officer-a');
    await db.ds.query(`UPDATE oidc_sign_ins SET nonce = 'another-nonce' WHERE state = $1`, [
      url.searchParams.get('state'),
    ]);
    await refusedWith(agent, callback, /could not confirm that the answer came from/);
  });

  it('refuses an email the provider does not say is verified', async () => {
    const agent = request.agent(app.getHttpServer());
    // A fresh account: the officer's subject is linked already and would be matched by it.
    const [linked]: { n: string }[] = await db.ds.query(
      'SELECT count(*) AS n FROM staff_identities',
    );
    await refusedWith(
      agent,
      await idp.signInAt(await start(agent, emails.admin), 'unverified'),
      /did not confirm that your email address is verified/,
    );
    const [after]: { n: string }[] = await db.ds.query(
      'SELECT count(*) AS n FROM staff_identities',
    );
    expect(after.n).toBe(linked.n);
  });

  it('never creates an account: a verified email without one is refused', async () => {
    const agent = request.agent(app.getHttpServer());
    const [before]: { n: string }[] = await db.ds.query('SELECT count(*) AS n FROM staff_accounts');
    await refusedWith(
      agent,
      await idp.signInAt(await start(agent, emails.officer), 'nobody'),
      /no Ratify staff account for you/,
    );
    const [after]: { n: string }[] = await db.ds.query('SELECT count(*) AS n FROM staff_accounts');
    expect(after.n).toBe(before.n);
  });

  it('refuses a person of another council, and signs one of a domain both councils claim in to their own only', async () => {
    const agent = request.agent(app.getHttpServer());
    await refusedWith(
      agent,
      await idp.signInAt(await start(agent, emails.officerB), 'officer-a'),
      /outside the domains/,
    );
    // Council B's administrator says its provider speaks for council A's domain too: the domain is
    // then shared (docs/adr/0029). A's administrator, back through B's provider, has no account
    // in B and is signed in to none there: only to A, where their account is, through A's provider.
    const domainA = emails.officer.split('@')[1];
    await db.ds.query(
      `UPDATE identity_providers SET email_domains = email_domains || $2::jsonb WHERE tenant_id = $1`,
      [b.tenantId, JSON.stringify([domainA])],
    );
    const other = request.agent(app.getHttpServer());
    const url = await start(other, emails.officerB);
    expect(new URL(url).searchParams.get('client_id')).toBe('council-b');
    const res = await other.get(back(await idp.signInAt(url, 'admin-a')));
    expect(res.status).toBe(303);
    const [councilA]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [a.tenantId],
    );
    const page = await other.get('/cases').expect(200);
    expect(/data-council="([^"]+)"/.exec(page.text)?.[1]).toBe(councilA.slug);
    const sessions: { tenant_id: string; method: string }[] = await db.ds.query(
      `SELECT s.tenant_id, s.method FROM staff_sessions s JOIN staff_accounts x ON x.id = s.account_id
        WHERE x.person_id = $1`,
      [a.ids.people.ceo],
    );
    expect(sessions).toEqual([{ tenant_id: a.tenantId, method: expect.stringMatching(/^oidc:/) }]);
    await db.ds.query(
      `UPDATE identity_providers SET email_domains = email_domains - $2 WHERE tenant_id = $1`,
      [b.tenantId, domainA],
    );
  });

  it('says so when no provider speaks for the email, keeping what was typed', async () => {
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/sign-in');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const res = await agent
      .post('/sign-in/organisation')
      .type('form')
      .send({ ssoEmail: 'someone@elsewhere.example', _csrf: csrf });
    expect(res.status).toBe(422);
    expect(res.text).toContain('href="#ssoEmail"');
    expect(res.text).toContain('value="someone@elsewhere.example"');
    expect(res.text).toContain('has not set up signing in to Ratify');
  });

  it('lets a council turn local passwords off, for all but administrators or for everyone', async () => {
    const providers = app.get(IdentityProvidersUseCase);
    const [admin]: { id: string }[] = await db.ds.query(
      'SELECT id FROM staff_accounts WHERE person_id = $1',
      [a.ids.people.ceo],
    );
    const actor = { tenantId: a.tenantId, accountId: admin.id };
    const password = async (email: string) =>
      postSignIn(request.agent(app.getHttpServer()), { email, password: 'a-local-password-1' });

    await providers.setLocalPasswords('administrators', actor);
    const officer = await password(emails.officer);
    expect(officer.status).toBe(422);
    expect(officer.text).toContain('turned off passwords for your account');
    expect((await password(emails.admin)).status).toBe(303);
    // Another council's officers are not affected.
    expect((await password(emails.officerB)).status).toBe(303);

    await providers.setLocalPasswords('nobody', actor);
    expect((await password(emails.admin)).status).toBe(422);
    // A wrong password says nothing about the policy.
    const wrong = await postSignIn(request.agent(app.getHttpServer()), {
      email: emails.officer,
      password: 'not-the-password',
    });
    expect(wrong.text).toContain('The email address or password is not right');
    await providers.setLocalPasswords('everyone', actor);
    expect((await password(emails.officer)).status).toBe(303);
  });
});
