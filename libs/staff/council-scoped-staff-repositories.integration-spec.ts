import { createHash, randomUUID } from 'node:crypto';
import { giveStaffAccount } from '../testing/directory-world.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { IdentityProviderRepository, type ProviderWrite } from './identity-provider.repository';
import { PasswordLinkRepository } from './password-link.repository';
import { SecondFactorRepository } from './second-factor.repository';
import { StaffAccountsRepository } from './staff-accounts.repository';
import { StaffSessionsRepository } from './staff-sessions.repository';

/** Whoever made a change (a staff account's id; no key holds it to one). */
const BY = randomUUID();
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/*
 * Single sign-on's, password links' and second factors' repositories take the council's scope: a
 * call scoped to council A reads and changes none of council B's providers, sign-ins, linked
 * subjects, password policy, links, authenticators or recovery codes, whatever id or token it is
 * given. The calls run outside every request's scope, where row-level security lets every row
 * through (ADR 0015): what keeps B's rows out is the repository's own clause.
 */
describe('sign-in repositories scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  /** Council B's officer's staff account. */
  let accountOfB: string;
  const links = new PasswordLinkRepository();
  const factors = new SecondFactorRepository();
  let providers: IdentityProviderRepository;
  const at = new Date('2025-06-02T09:00:00Z');

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    providers = new IdentityProviderRepository(db.ds);
    await giveStaffAccount(db.ds, w.b.tenantId, w.b.ids.people.officer, 'officer');
    [{ id: accountOfB }] = await db.ds.query(
      'SELECT id FROM staff_accounts WHERE tenant_id = $1 AND person_id = $2',
      [w.b.tenantId, w.b.ids.people.officer],
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  const settings = (name: string, domain: string): ProviderWrite => ({
    name,
    issuer: 'https://login.b.example',
    clientId: 'ratify',
    clientSecretSetting: 'OIDC_SECRET_B',
    emailDomains: [domain],
    verifiedEmailClaim: 'email_verified',
    enabled: true,
    at,
    by: BY,
  });

  it('does not find, list or change another council’s identity provider or policy', async () => {
    const m = db.ds.manager;
    const { b, scopeA, scopeB } = w;
    const org = b.ids.organisations.council;
    const domain = b.emailOf('officer').split('@')[1];
    const id = await providers.insert(scopeB, m, org, settings('Provider of B', domain));
    await expect(providers.ofTenant(scopeA)).resolves.toEqual([]);
    await expect(providers.byId(scopeA, id)).resolves.toBeNull();
    await expect(providers.forOrganisation(scopeA, org)).resolves.toBeNull();
    await expect(providers.forEmailDomain(scopeA, domain)).resolves.toEqual([]);
    await expect(providers.lockForOrganisation(scopeA, m, org)).resolves.toBeNull();
    await expect(providers.anyEnabled(scopeA, m)).resolves.toBe(false);
    await providers.update(scopeA, m, id, settings('Changed by A', domain));
    expect(await providers.byId(scopeB, id)).toMatchObject({ name: 'Provider of B', version: 1 });
    expect(await providers.forEmailDomain(scopeB, domain)).toHaveLength(1);
    const provider = (await providers.byId(scopeB, id))!;
    const email = b.emailOf('officer');
    await expect(providers.accountByEmail(scopeA, provider, email, at)).resolves.toBeNull();
    expect(await providers.accountByEmail(scopeB, provider, email, at)).toEqual({
      accountId: accountOfB,
      linkedSubject: null,
    });

    await providers.setPolicy(scopeB, m, 'administrators', BY, at);
    await providers.setPolicy(scopeA, m, 'nobody', BY, at);
    await expect(providers.policy(scopeB)).resolves.toBe('administrators');
    await expect(providers.policy(scopeA)).resolves.toBe('nobody');
  });

  it('does not take, clear or match against another council’s sign-ins and subjects', async () => {
    const m = db.ds.manager;
    const { b, scopeA, scopeB } = w;
    const domain = `sso-${b.emailOf('officer').split('@')[1]}`;
    const org = b.ids.organisations.ccg;
    const id = await providers.insert(scopeB, m, org, settings('Another of B', domain));
    const provider = (await providers.byId(scopeB, id))!;
    const start = (browser: string, when: Date) => ({
      providerId: id,
      browserKeyHash: sha256(browser),
      state: 'state',
      nonce: 'nonce',
      codeVerifier: 'verifier',
      next: '/cases',
      at: when,
      expiresAt: new Date(when.getTime() + 600_000),
    });
    const longAgo = new Date(at.getTime() - 3 * 24 * 3600_000);
    await providers.recordStart(scopeB, start('browser of B', at));
    await providers.recordStart(scopeB, start('browser of B, long ago', longAgo));
    // A's sign-in starting clears A's expired sign-ins only.
    const ofA = await providers.insert(scopeA, m, w.a.ids.organisations.ccg, {
      ...settings('Provider of A', `a-${domain}`),
    });
    await providers.recordStart(scopeA, { ...start('browser of A', at), providerId: ofA });
    const [{ n }]: { n: string }[] = await m.query(
      'SELECT count(*) AS n FROM oidc_sign_ins WHERE tenant_id = $1',
      [b.tenantId],
    );
    expect(Number(n)).toBe(2);
    await expect(providers.takeStarted(scopeA, sha256('browser of B'), at)).resolves.toBeNull();
    expect(await providers.takeStarted(scopeB, sha256('browser of B'), at)).toMatchObject({
      providerId: id,
    });

    await expect(providers.link(scopeB, provider, accountOfB, 'subject-b', at)).resolves.toBe(true);
    await expect(providers.accountBySubject(scopeA, id, 'subject-b', at)).resolves.toEqual({
      linked: false,
      accountId: null,
    });
    expect(await providers.accountBySubject(scopeB, id, 'subject-b', at)).toEqual({
      linked: true,
      accountId: accountOfB,
    });
  });

  it('does not find, void or use another council’s password links', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB } = w;
    const tokenHash = sha256('a token of B');
    const link = {
      accountId: accountOfB,
      tokenHash,
      at,
      expiresAt: new Date(at.getTime() + 3600_000),
      purpose: 'reset' as const,
    };
    await links.insert(scopeB, m, link);
    await expect(links.working(scopeA, m, tokenHash, at, false)).resolves.toBeNull();
    await expect(links.resetsSince(scopeA, m, accountOfB, longBefore(at))).resolves.toBe(0);
    await expect(links.resetsSince(scopeB, m, accountOfB, longBefore(at))).resolves.toBe(1);
    await links.voidUnused(scopeA, m, accountOfB, at);
    const working = (await links.working(scopeB, m, tokenHash, at, false))!;
    expect(working).toMatchObject({ accountId: accountOfB, purpose: 'reset' });
    await links.markUsed(scopeA, m, working.id, at);
    await expect(links.working(scopeB, m, tokenHash, at, false)).resolves.toMatchObject({
      id: working.id,
    });
  });

  it('does not read or change another council’s authenticator or recovery codes', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB } = w;
    await factors.putSeed(scopeB, m, { accountId: accountOfB, sealed: 'sealed-b', at });
    await factors.putSeed(scopeA, m, { accountId: accountOfB, sealed: 'sealed-a', at });
    await expect(factors.seedOf(scopeA, m, accountOfB)).resolves.toBeNull();
    expect(await factors.seedOf(scopeB, m, accountOfB)).toMatchObject({ secret: 'sealed-b' });
    await expect(factors.lockForCheck(scopeA, m, accountOfB, false)).resolves.toBeNull();
    await factors.takeStep(scopeA, m, accountOfB, 5);
    await factors.lockUntil(scopeA, m, accountOfB, new Date(at.getTime() + 900_000));
    await factors.confirm(scopeA, m, accountOfB, at);
    await expect(factors.addFailure(scopeA, m, accountOfB)).resolves.toBeNull();
    await expect(factors.confirmed(scopeB, m, accountOfB)).resolves.toBe(false);
    expect(await factors.lockForCheck(scopeB, m, accountOfB, false)).toEqual({
      secret: 'sealed-b',
      lastStep: null,
      lockedUntil: null,
    });

    await factors.confirm(scopeB, m, accountOfB, at);
    await expect(factors.confirmed(scopeA, m, accountOfB)).resolves.toBe(false);
    await expect(factors.addFailure(scopeB, m, accountOfB)).resolves.toBe(1);
    await factors.clearFailures(scopeA, m, accountOfB);
    await expect(factors.addFailure(scopeB, m, accountOfB)).resolves.toBe(2);

    await factors.replaceRecoveryCodes(scopeB, m, accountOfB, [sha256('code of B')]);
    await factors.replaceRecoveryCodes(scopeA, m, accountOfB, [sha256('code of A')]);
    await expect(factors.recoveryCodesLeft(scopeA, m, accountOfB)).resolves.toBe(0);
    await expect(
      factors.useRecoveryCode(scopeA, m, accountOfB, sha256('code of B'), at),
    ).resolves.toBe(false);
    await expect(factors.recoveryCodesLeft(scopeB, m, accountOfB)).resolves.toBe(1);
    await expect(
      factors.useRecoveryCode(scopeB, m, accountOfB, sha256('code of B'), at),
    ).resolves.toBe(true);
  });

  it('does not list or end another council’s sessions, nor set its password', async () => {
    const m = db.ds.manager;
    const { scopeA, scopeB } = w;
    const sessions = new StaffSessionsRepository();
    const session = async (token: string) => {
      const tokenHash = sha256(token);
      const expiresAt = new Date(at.getTime() + 3600_000);
      await sessions.start(scopeB, m, {
        ...{ accountId: accountOfB, tokenHash, csrfToken: token, method: 'password', at },
        ...{ expiresAt, userAgent: null, secondFactorPending: false },
      });
      const [{ id }] = await m.query('SELECT id FROM staff_sessions WHERE token_hash = $1', [
        tokenHash,
      ]);
      return id as string;
    };
    const kept = await session('session one of B');
    const other = await session('session two of B');
    await expect(sessions.openOf(scopeA, m, accountOfB, at)).resolves.toEqual([]);
    await expect(sessions.openOf(scopeB, m, accountOfB, at)).resolves.toHaveLength(2);
    await expect(sessions.endOfAccount(scopeA, m, accountOfB, other)).resolves.toBe(false);
    await expect(sessions.endOthers(scopeA, m, accountOfB, kept)).resolves.toBe(0);
    await expect(sessions.openOf(scopeB, m, accountOfB, at)).resolves.toHaveLength(2);
    await expect(sessions.endOfAccount(scopeB, m, accountOfB, other)).resolves.toBe(true);
    await expect(sessions.openOf(scopeB, m, accountOfB, at)).resolves.toHaveLength(1);
    await session('session three of B');
    await expect(sessions.endOthers(scopeB, m, accountOfB, kept)).resolves.toBe(1);

    const accounts = new StaffAccountsRepository();
    const hashOfB = async () =>
      (await m.query('SELECT password_hash FROM staff_accounts WHERE id = $1', [accountOfB]))[0]
        .password_hash as string;
    const before = await hashOfB();
    await accounts.setPasswordHash(scopeA, m, accountOfB, 'set by A');
    expect(await hashOfB()).toBe(before);
    await accounts.setPasswordHash(scopeB, m, accountOfB, 'set by B');
    expect(await hashOfB()).toBe('set by B');
  });

  it('does not find another council’s person’s account', async () => {
    const accounts = new StaffAccountsRepository();
    const m = db.ds.manager;
    const officerOfB = w.b.ids.people.officer;
    await expect(accounts.idOfPerson(w.scopeB, m, officerOfB)).resolves.toBe(accountOfB);
    await expect(accounts.idOfPerson(w.scopeA, m, officerOfB)).resolves.toBeNull();
  });

  it('does not read the role of another council’s person’s account', async () => {
    const accounts = new StaffAccountsRepository();
    const m = db.ds.manager;
    const officerOfB = w.b.ids.people.officer;
    await expect(accounts.activeRoleOf(w.scopeB, m, officerOfB)).resolves.toBe('officer');
    await expect(accounts.activeRoleOf(w.scopeA, m, officerOfB)).resolves.toBeNull();
  });
});

function longBefore(d: Date): Date {
  return new Date(d.getTime() - 24 * 3600_000);
}
