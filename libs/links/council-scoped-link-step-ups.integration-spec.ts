import { createHash, randomUUID } from 'node:crypto';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { IdentityProviderRepository } from '../staff/identity-provider.repository';
import { LinkStepUpRepository } from './link-step-up.repository';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/*
 * The link step-ups' repository takes the council's scope: a call scoped to council A finds, takes,
 * counts, uses, drops, verifies and answers none of council B's links, codes or sign-ins, whatever id it is
 * given. The calls run outside every request's scope, where row-level security lets every row
 * through (ADR 0015): what keeps B's rows out is the repository's own clause.
 */
describe('link step-ups scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  let repo: LinkStepUpRepository;
  /** An open link of council B's case, to its officer. */
  let linkOfB: string;
  const at = new Date('2025-06-02T09:00:00Z');
  const since = new Date(at.getTime() - 3600_000);
  const later = new Date(at.getTime() + 3600_000);

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    repo = new LinkStepUpRepository(db.ds);
    [{ id: linkOfB }] = await db.ds.query(
      `INSERT INTO action_links (tenant_id, case_id, person_id, role, request, allowed_responses,
                                 document_hashes, token_hash, status, created_at)
       VALUES ($1, $2, $3, 'officer', 'notice-signature-requested', '{}', '[]', $4, 'open', $5)
       RETURNING id`,
      [w.b.tenantId, w.caseOfB, w.b.ids.people.officer, sha256(randomUUID()), at],
    );
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('does not find another council’s link by its id', async () => {
    await expect(repo.linkById(w.scopeA, linkOfB)).resolves.toBeNull();
    expect(await repo.linkById(w.scopeB, linkOfB)).toMatchObject({
      id: linkOfB,
      tenantId: w.b.tenantId,
    });
  });

  it('does not list, count wrong or use another council’s emailed codes', async () => {
    const { scopeA, scopeB } = w;
    const sent = { linkId: linkOfB, codeHash: sha256('123456'), sentTo: 'b@b.example' };
    await repo.addCode(scopeB, { ...sent, at, expiresAt: later });
    const [{ tenant_id }] = await db.ds.query(
      'SELECT tenant_id FROM link_step_ups WHERE link_id = $1 AND code_hash = $2',
      [linkOfB, sent.codeHash],
    );
    expect(tenant_id).toBe(w.b.tenantId);
    await expect(repo.codesSentSince(scopeA, linkOfB, since)).resolves.toEqual([]);
    await expect(repo.codesSentSince(scopeB, linkOfB, since)).resolves.toHaveLength(1);
    await expect(repo.codesOf(scopeA, linkOfB, since)).resolves.toEqual([]);
    const [code] = await repo.codesOf(scopeB, linkOfB, since);
    await expect(repo.countWrong(scopeA, code.id)).resolves.toBe(0);
    expect((await repo.codesOf(scopeB, linkOfB, since))[0].attempts).toBe(0);
    const browser = sha256('browser of B');
    await expect(repo.useCode(scopeA, code.id, browser, at)).resolves.toBe(false);
    await expect(repo.verifiedFor(scopeB, linkOfB, browser, since)).resolves.toBeNull();
    await expect(repo.useCode(scopeB, code.id, browser, at)).resolves.toBe(true);
    await expect(repo.verifiedFor(scopeA, linkOfB, browser, since)).resolves.toBeNull();
    expect(await repo.verifiedFor(scopeB, linkOfB, browser, since)).toMatchObject({
      method: 'emailed-code',
      email: 'b@b.example',
    });
  });

  it('does not drop another council’s unsent code', async () => {
    const { scopeA, scopeB } = w;
    const unsent = { linkId: linkOfB, codeHash: sha256('654321'), sentTo: 'b@b.example' };
    const id = await repo.addCode(scopeB, { ...unsent, at, expiresAt: later });
    const hashes = async () => (await repo.codesOf(scopeB, linkOfB, since)).map((c) => c.codeHash);
    await repo.dropUnsentCode(scopeA, id);
    expect(await hashes()).toContain(unsent.codeHash);
    await repo.dropUnsentCode(scopeB, id);
    expect(await hashes()).not.toContain(unsent.codeHash);
  });

  it('does not take, verify or answer another council’s sign-in', async () => {
    const { scopeA, scopeB } = w;
    const browser = sha256('signing-in browser of B');
    const providerId = await new IdentityProviderRepository(db.ds).insert(
      scopeB,
      db.ds.manager,
      w.b.ids.organisations.council,
      {
        name: 'Provider of B',
        issuer: 'https://login.b.example',
        clientId: 'ratify',
        clientSecretSetting: 'OIDC_SECRET_B',
        emailDomains: ['b.example'],
        verifiedEmailClaim: 'email_verified',
        enabled: true,
        at,
        by: randomUUID(),
      },
    );
    await repo.startSignIn(scopeB, {
      linkId: linkOfB,
      providerId,
      browserKeyHash: browser,
      state: 's',
      nonce: 'n',
      codeVerifier: 'v',
      at,
      expiresAt: later,
    });
    await expect(repo.takeSignIn(scopeA, browser, at)).resolves.toBeNull();
    const started = (await repo.takeSignIn(scopeB, browser, at))!;
    expect(started).toMatchObject({ linkId: linkOfB, state: 's' });
    await repo.markVerified(scopeA, started.id, 'b@b.example', at);
    await expect(repo.verifiedFor(scopeB, linkOfB, browser, since)).resolves.toBeNull();
    await repo.markVerified(scopeB, started.id, 'b@b.example', at);
    const proof = (await repo.verifiedFor(scopeB, linkOfB, browser, since))!;
    expect(proof).toMatchObject({ id: started.id, method: 'organisation-sign-in' });
    await repo.markAnswered(scopeA, db.ds.manager, proof.id, at);
    await expect(repo.verifiedFor(scopeB, linkOfB, browser, since)).resolves.toMatchObject({
      id: proof.id,
    });
    await repo.markAnswered(scopeB, db.ds.manager, proof.id, at);
    await expect(repo.verifiedFor(scopeB, linkOfB, browser, since)).resolves.toBeNull();
  });

  it('logs a step on the link in the link’s council', async () => {
    await repo.logOnLink(w.scopeB, { id: linkOfB }, 'step-up: code emailed', at, {
      ip: null,
      userAgent: null,
    });
    const rows: { tenant_id: string }[] = await db.ds.query(
      "SELECT tenant_id FROM action_link_views WHERE link_id = $1 AND method = 'step-up: code emailed'",
      [linkOfB],
    );
    expect(rows.map((r) => r.tenant_id)).toEqual([w.b.tenantId]);
  });
});
