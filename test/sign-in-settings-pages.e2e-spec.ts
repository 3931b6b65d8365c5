import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { ManualClock } from '../libs/core/clock.service';
import { verifyDirectoryChain } from '../libs/directory/directory-change-chain.service';
import { DirectoryChangeRepository } from '../libs/directory/directory-change.repository';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { postSignIn } from '../libs/testing/sign-in.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';
import { tenantScope } from '../libs/core/tenant-scope';

/** /admin/sign-in: an administrator connects an organisation to its provider and sets the password policy. */
describe('the sign-in settings pages', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let world: BcfWorld;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const SECRET = 'the-real-secret-value-never-shown';

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    world = await buildBcfWorld(db.ds);
    for (const [personId, role] of [
      [world.ids.people.ceo, 'administrator'],
      [world.ids.people.officer, 'officer'],
    ] as const)
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: world.tenantId,
        personId,
        role,
        password: 'a-local-password-1',
        at: clock.now(),
      });
    process.env.OIDC_PAGES_TEST_SECRET = SECRET;
  });
  afterAll(async () => {
    delete process.env.OIDC_PAGES_TEST_SECRET;
    delete process.env.OIDC_PAGES_TEST_SECRET_2;
    await app?.close();
    await db?.drop();
  });

  async function signedIn(personKey: string): Promise<TestAgent> {
    const agent = request.agent(app.getHttpServer());
    const res = await postSignIn(agent, {
      email: world.emailOf(personKey),
      password: 'a-local-password-1',
    });
    expect(res.status).toBe(303);
    return agent;
  }
  const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

  it('is for administrators only', async () => {
    const officer = await signedIn('officer');
    expect((await officer.get('/admin/sign-in')).status).toBe(403);
    expect((await request(app.getHttpServer()).get('/admin/sign-in')).status).toBe(303);
  });

  it('connects an organisation, refusing bad fields by name and never showing the secret', async () => {
    const admin = await signedIn('ceo');
    const overview = await admin.get('/admin/sign-in');
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('http://localhost:3000/sign-in/oidc/callback');
    const org = world.ids.organisations.council;
    const form = await admin.get(`/admin/sign-in/organisations/${org}`);
    expect(form.status).toBe(200);
    const csrf = csrfOf(form.text);
    const bad = await admin.post(`/admin/sign-in/organisations/${org}`).type('form').send({
      _csrf: csrf,
      name: 'Southampton City Council',
      issuer: 'http://login.example.org/tenant',
      clientId: '',
      clientSecretSetting: SECRET,
      emailDomains: 'not a domain',
      verifiedEmailClaim: 'email_verified',
      enabled: 'yes',
    });
    expect(bad.status).toBe(422);
    for (const field of ['issuer', 'clientId', 'clientSecretSetting', 'emailDomains'])
      expect(bad.text).toContain(`href="#${field}"`);
    expect(bad.text).toContain('value="http://login.example.org/tenant"');
    expect(bad.text).not.toMatch(/Invalid (input|string)|expected (string|boolean)/i);
    expect(
      await db.ds.query('SELECT 1 FROM identity_providers WHERE tenant_id = $1', [world.tenantId]),
    ).toEqual([]);

    const good = await admin.post(`/admin/sign-in/organisations/${org}`).type('form').send({
      _csrf: csrf,
      name: 'Southampton City Council',
      issuer: 'https://login.microsoftonline.com/0000/v2.0',
      clientId: 'ratify-app',
      clientSecretSetting: 'OIDC_PAGES_TEST_SECRET',
      emailDomains: 'Southampton.gov.uk, southampton.gov.uk',
      verifiedEmailClaim: 'xms_edov',
      enabled: 'yes',
    });
    expect(good.status).toBe(303);
    const saved = await admin.get('/admin/sign-in');
    expect(saved.text).toContain('Sign in with Southampton City Council');
    expect(saved.text).toContain('OIDC_PAGES_TEST_SECRET (set)');
    expect(saved.text).toContain('southampton.gov.uk');
    expect(saved.text).not.toContain(SECRET);

    // A second change must be made at the version read.
    const again = await admin.get(`/admin/sign-in/organisations/${org}`);
    expect(again.text).toContain('name="expectedVersion" value="1"');
    const stale = await admin.post(`/admin/sign-in/organisations/${org}`).type('form').send({
      _csrf: csrf,
      name: 'SCC',
      issuer: 'https://login.microsoftonline.com/0000/v2.0',
      clientId: 'ratify-app',
      clientSecretSetting: 'OIDC_PAGES_TEST_SECRET',
      emailDomains: 'southampton.gov.uk',
      verifiedEmailClaim: 'xms_edov',
      enabled: 'no',
    });
    expect(stale.status).toBe(422);
    expect(stale.text).toContain(
      'This provider was changed after you opened this page, so nothing was recorded: reload the page to see it as it is now, then make your change again.',
    );
  });

  it('turns passwords off only once a provider is on', async () => {
    const admin = await signedIn('ceo');
    await db.ds.query('UPDATE identity_providers SET enabled = false WHERE tenant_id = $1', [
      world.tenantId,
    ]);
    const page = await admin.get('/admin/sign-in');
    const refused = await admin
      .post('/admin/sign-in/passwords')
      .type('form')
      .send({ _csrf: csrfOf(page.text), localPasswords: 'administrators' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('href="#localPasswords"');
    expect(refused.text).toContain(
      'The rule “Passwords are turned off only once an identity provider is on” refuses this: no identity provider of the council is turned on, so nobody could sign in without a password. Nothing was recorded: connect an identity provider and turn it on first.',
    );
    await db.ds.query('UPDATE identity_providers SET enabled = true WHERE tenant_id = $1', [
      world.tenantId,
    ]);
    const saved = await admin
      .post('/admin/sign-in/passwords')
      .type('form')
      .send({ _csrf: csrfOf(page.text), localPasswords: 'administrators' });
    expect(saved.status).toBe(303);
    const officer = await postSignIn(request.agent(app.getHttpServer()), {
      email: world.emailOf('officer'),
      password: 'a-local-password-1',
    });
    expect(officer.status).toBe(422);
  });

  it('records who changed the sign-in, when, before and after, in the directory chain and never the secret', async () => {
    process.env.OIDC_PAGES_TEST_SECRET_2 = 'another-secret-value-never-recorded';
    clock.advance(3600_000);
    const admin = await signedIn('ceo');
    const org = world.ids.organisations.council;
    const form = await admin.get(`/admin/sign-in/organisations/${org}`);
    const version = /name="expectedVersion" value="(\d+)"/.exec(form.text)?.[1];
    const fields = {
      _csrf: csrfOf(form.text),
      expectedVersion: version,
      name: 'Southampton City Council',
      issuer: 'https://login.microsoftonline.com/1111/v2.0',
      clientId: 'ratify-app',
      clientSecretSetting: 'OIDC_PAGES_TEST_SECRET_2',
      emailDomains: 'southampton.gov.uk',
      verifiedEmailClaim: 'xms_edov',
      enabled: 'yes',
    };
    const changed = await admin
      .post(`/admin/sign-in/organisations/${org}`)
      .type('form')
      .send(fields);
    expect(changed.status).toBe(303);
    const recorded = await db.ds.query(
      `SELECT subject, action, actor, before, after FROM directory_changes
        WHERE tenant_id = $1 AND subject LIKE 'signIn%' ORDER BY seq`,
      [world.tenantId],
    );
    expect(recorded.map((r: { subject: string; action: string }) => r.action)).toEqual([
      'created',
      'changed',
      'changed',
    ]);
    expect(recorded[1]).toMatchObject({
      subject: 'signInPasswords',
      before: { localPasswords: 'everyone' },
      after: { localPasswords: 'administrators' },
    });
    expect(recorded[2]).toMatchObject({
      subject: 'signInProvider',
      actor: { kind: 'person', personId: world.ids.people.ceo },
      before: {
        issuer: 'https://login.microsoftonline.com/0000/v2.0',
        clientSecret: 'the secret before',
      },
      after: {
        issuer: 'https://login.microsoftonline.com/1111/v2.0',
        clientSecret: 'a new secret',
      },
    });
    const everything = JSON.stringify(recorded);
    for (const secretish of [SECRET, process.env.OIDC_PAGES_TEST_SECRET_2, 'OIDC_PAGES_TEST'])
      expect(everything).not.toContain(secretish);

    // Saving the same settings again changes nothing, and records nothing.
    const same = await admin.get(`/admin/sign-in/organisations/${org}`);
    const unchanged = await admin
      .post(`/admin/sign-in/organisations/${org}`)
      .type('form')
      .send({
        ...fields,
        expectedVersion: /name="expectedVersion" value="(\d+)"/.exec(same.text)?.[1],
      });
    expect(unchanged.status).toBe(303);
    const chain = await new DirectoryChangeRepository().chain(
      tenantScope(world.tenantId),
      db.ds.manager,
    );
    expect(chain.changes.filter((c) => c.subject.startsWith('signIn'))).toHaveLength(3);
    expect(verifyDirectoryChain(chain.changes, chain.head)).toMatchObject({ ok: true });

    const page = await admin.get('/admin/sign-in');
    const table = page.text.slice(page.text.indexOf('Changes to sign-in'));
    expect(table).toContain('Changed the sign-in of Southampton City Council');
    expect(table).toContain(
      'Issuer: https://login.microsoftonline.com/0000/v2.0 to https://login.microsoftonline.com/1111/v2.0',
    );
    expect(table).toContain('Client secret: changed');
    expect(table).toContain('Connected Southampton City Council to its sign-in');
    expect(table).toContain(
      'From “Everyone may sign in with a password” to “Only administrators may sign in with a password”',
    );
    expect(table).toContain('1 August 2025 at 11:00am');
    expect(table).not.toContain('OIDC_PAGES_TEST');
    expect(table).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });
});
