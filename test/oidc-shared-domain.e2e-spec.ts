import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ManualClock } from '../libs/core/clock.service';
import { IdentityProvidersUseCase } from '../libs/staff/identity-providers.use-case';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { continuedTo, OidcTestProvider } from '../libs/testing/oidc-test-provider.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

const ORIGIN = 'http://localhost:3000';
const CALLBACK = `${ORIGIN}/sign-in/oidc/callback`;
const clients = ['solent', 'wessex'].map((id) => ({
  client_id: id,
  client_secret: `secret-of-${id}`,
  redirect_uris: [CALLBACK],
}));

/*
 * Two councils whose staff share an email domain (an ICB's, serving both councils' boards: issue
 * #10, docs/adr/0029), each with its own client at the same real provider (oidc-provider). A person
 * with an account in both signs in there once and chooses the council, as after a password; a
 * person with an account in one is signed in to it, whichever council's client the domain chose.
 * Invented people.
 */
describe('single sign-on when two councils share an email domain', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let idp: OidcTestProvider;
  let solent: BcfWorld;
  let wessex: BcfWorld;
  const slug: Record<string, string> = {};
  let kimAt: 'solent' | 'wessex';
  const providerOf: Record<string, string> = {};
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const domain = `icb-${randomBytes(3).toString('hex')}.example.org`;
  const sam = `sam.patel@${domain}`;
  const kim = `kim.lowe@${domain}`;
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const choiceOf = (html: string) => /name="choice" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const back = (u: URL) => u.pathname + u.search;

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock, { PUBLIC_ORIGIN: ORIGIN });
    solent = await buildBcfWorld(db.ds);
    wessex = await buildBcfWorld(db.ds);
    const setEmail = (personId: string, email: string) =>
      db.ds.query('UPDATE people SET email = $2 WHERE id = $1', [personId, email]);
    // Sam is an officer of both councils; Kim of one (below).
    await setEmail(solent.ids.people.officer, sam);
    await setEmail(wessex.ids.people.officer, sam);
    const account = (w: BcfWorld, personId: string, role: 'officer' | 'administrator') =>
      StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: w.tenantId,
        personId,
        role,
        password: 'a-local-password-1',
        at: clock.now(),
      });
    for (const w of [solent, wessex]) {
      await account(w, w.ids.people.officer, 'officer');
      await account(w, w.ids.people.ceo, 'administrator');
    }
    idp = await OidcTestProvider.start({
      clients,
      accounts: {
        sam: { email: sam, email_verified: true, name: 'Sam Patel' },
        kim: { email: kim, email_verified: true, name: 'Kim Lowe' },
      },
    });
    const providers = app.get(IdentityProvidersUseCase);
    for (const [w, clientId] of [
      [solent, 'solent'],
      [wessex, 'wessex'],
    ] as const) {
      const setting = `OIDC_TEST_SHARED_${clientId.toUpperCase()}`;
      process.env[setting] = `secret-of-${clientId}`;
      const [admin]: { id: string }[] = await db.ds.query(
        'SELECT id FROM staff_accounts WHERE person_id = $1',
        [w.ids.people.ceo],
      );
      const saved = await providers.save(
        {
          organisationId: w.ids.organisations.council,
          name: `The ICB's sign-in for ${clientId}`,
          issuer: idp.issuer,
          clientId,
          clientSecretSetting: setting,
          emailDomains: domain,
          verifiedEmailClaim: 'email_verified',
          enabled: true,
        },
        { tenantId: w.tenantId, accountId: admin.id },
      );
      expect(saved).toBeDefined();
      const [row]: { id: string; slug: string }[] = await db.ds.query(
        `SELECT ip.id, t.slug FROM identity_providers ip JOIN tenants t ON t.tenant_id = ip.tenant_id
          WHERE ip.tenant_id = $1`,
        [w.tenantId],
      );
      providerOf[clientId] = row.id;
      slug[clientId] = row.slug;
    }
    // Kim works for the council whose client the shared domain does not start at (the first
    // provider by id): signed in there all the same.
    kimAt = providerOf.solent < providerOf.wessex ? 'wessex' : 'solent';
    const kimWorld = kimAt === 'wessex' ? wessex : solent;
    await setEmail(kimWorld.ids.people.chair, kim);
    await account(kimWorld, kimWorld.ids.people.chair, 'officer');
  });
  afterAll(async () => {
    await idp?.stop();
    await app?.close();
    await db?.drop();
  });

  /** Through "sign in through your organisation" and the provider's pages, back to Ratify. */
  async function throughProvider(agent: TestAgent, email: string, login: string) {
    const page = await agent.get('/sign-in?next=/directory');
    const started = await agent
      .post('/sign-in/organisation')
      .type('form')
      .send({ ssoEmail: email, next: '/directory', _csrf: csrfOf(page.text) });
    const url = new URL(continuedTo(started));
    expect(url.origin).toBe(new URL(idp.issuer).origin);
    const clientId = url.searchParams.get('client_id');
    expect(['solent', 'wessex']).toContain(clientId);
    return { clientId, res: await agent.get(back(await idp.signInAt(url.toString(), login))) };
  }
  const councilOf = async (agent: TestAgent) =>
    /data-council="([^"]+)"/.exec((await agent.get('/directory').expect(200)).text)?.[1];
  const linkedTo = async (subject: string) =>
    (
      await db.ds.query<{ provider_id: string }[]>(
        'SELECT provider_id FROM staff_identities WHERE subject = $1 ORDER BY provider_id',
        [subject],
      )
    ).map((r) => r.provider_id);

  it('asks a person with an account in both councils which one, signing in to none before', async () => {
    const agent = request.agent(app.getHttpServer());
    const { res: asked } = await throughProvider(agent, sam, 'sam');
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('Which council do you want to sign in to?');
    expect(asked.text).toContain(`value="${slug.solent}"`);
    expect(asked.text).toContain(`value="${slug.wessex}"`);
    expect((await agent.get('/directory').redirects(0)).status).toBe(303);
    expect(await linkedTo('sam')).toEqual([]);

    // Nothing chosen: asked again, the error linked to the radios, still signed in nowhere.
    const none = await agent
      .post('/sign-in/council')
      .type('form')
      .send({ choice: choiceOf(asked.text), _csrf: csrfOf(asked.text), next: '/directory' });
    expect(none.status).toBe(422);
    expect(none.text).toContain('href="#council"');
    expect((await agent.get('/directory').redirects(0)).status).toBe(303);

    const chosen = await agent
      .post('/sign-in/council')
      .type('form')
      .send({
        choice: choiceOf(none.text),
        _csrf: csrfOf(none.text),
        council: slug.wessex,
        next: '/directory',
      });
    expect([chosen.status, chosen.headers.location]).toEqual([303, '/directory']);
    expect(await councilOf(agent)).toBe(slug.wessex);
    // Signed in through Wessex's own provider, and linked to it only.
    const [session]: { method: string }[] = await db.ds.query(
      `SELECT s.method FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id
        WHERE a.person_id = $1`,
      [wessex.ids.people.officer],
    );
    expect(session.method).toBe(`oidc:${providerOf.wessex}`);
    expect(await linkedTo('sam')).toEqual([providerOf.wessex]);
  });

  it('signs the same person in to the other council when they choose it next time', async () => {
    const agent = request.agent(app.getHttpServer());
    const { res: asked } = await throughProvider(agent, sam, 'sam');
    expect(asked.status).toBe(200);
    const chosen = await agent
      .post('/sign-in/council')
      .type('form')
      .send({ choice: choiceOf(asked.text), _csrf: csrfOf(asked.text), council: slug.solent });
    expect(chosen.status).toBe(303);
    expect(await councilOf(agent)).toBe(slug.solent);
    expect(await linkedTo('sam')).toEqual([providerOf.solent, providerOf.wessex].sort());
  });

  it('refuses a choice of a council the provider’s answer did not open, or one altered', async () => {
    const agent = request.agent(app.getHttpServer());
    const { res: asked } = await throughProvider(agent, sam, 'sam');
    const choice = choiceOf(asked.text);
    const refused = await agent
      .post('/sign-in/council')
      .type('form')
      .send({ choice, _csrf: csrfOf(asked.text), council: 'dorset-council' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('Sign in again');
    const [payload, mac] = choice.split('.');
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString()) as {
      s: { subject: string };
    };
    decoded.s.subject = 'kim';
    const altered = await agent
      .post('/sign-in/council')
      .type('form')
      .send({
        choice: `${Buffer.from(JSON.stringify(decoded)).toString('base64url')}.${mac}`,
        _csrf: csrfOf(asked.text),
        council: slug.wessex,
      });
    expect(altered.status).toBe(422);
    expect((await agent.get('/directory').redirects(0)).status).toBe(303);
  });

  it('signs a person with an account in one of the councils straight in to it', async () => {
    const agent = request.agent(app.getHttpServer());
    const { clientId, res } = await throughProvider(agent, kim, 'kim');
    expect(clientId).not.toBe(kimAt);
    expect([res.status, res.headers.location]).toEqual([303, '/directory']);
    expect(await councilOf(agent)).toBe(slug[kimAt]);
    expect(await linkedTo('kim')).toEqual([providerOf[kimAt]]);
    const [session]: { method: string }[] = await db.ds.query(
      `SELECT s.method FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id
         JOIN people p ON p.id = a.person_id WHERE p.email = $1`,
      [kim],
    );
    expect(session.method).toBe(`oidc:${providerOf[kimAt]}`);
  });

  it('chooses no provider when the councils sharing the domain name different issuers', async () => {
    await db.ds.query(
      `UPDATE identity_providers SET issuer = 'https://login.example.org/another' WHERE id = $1`,
      [providerOf.solent],
    );
    const agent = request.agent(app.getHttpServer());
    const page = await agent.get('/sign-in');
    const res = await agent
      .post('/sign-in/organisation')
      .type('form')
      .send({ ssoEmail: sam, _csrf: csrfOf(page.text) });
    expect(res.status).toBe(422);
    expect(res.text).toContain('has not set up signing in to Ratify');
    await db.ds.query('UPDATE identity_providers SET issuer = $2 WHERE id = $1', [
      providerOf.solent,
      idp.issuer,
    ]);
  });
});
