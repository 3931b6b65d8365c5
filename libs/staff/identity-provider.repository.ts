import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import { acrossTenants } from '../core/tenant-context.service';
import type { Queryable } from '../core/queryable';
import { londonDate } from '../governance/working-day-calendar.service';
import type { LocalPasswords } from './sign-in-policy.entity';
import type { TenantScope } from '../core/tenant-scope';

export interface ProviderRow {
  id: string;
  tenantId: string;
  /** The council's slug, as its sign-in address and the choice of council name it. */
  tenantSlug: string;
  organisationId: string;
  organisationName: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecretSetting: string;
  emailDomains: string[];
  verifiedEmailClaim: string;
  enabled: boolean;
  version: number;
}

/** A provider's settings as an administrator saves them. */
export interface ProviderWrite {
  name: string;
  issuer: string;
  clientId: string;
  clientSecretSetting: string;
  emailDomains: string[];
  verifiedEmailClaim: string;
  enabled: boolean;
  at: Date;
  by: string;
}

const writeValues = (p: ProviderWrite) => [
  p.name,
  p.issuer,
  p.clientId,
  p.clientSecretSetting,
  JSON.stringify(p.emailDomains),
  p.verifiedEmailClaim,
  p.enabled,
  p.at,
  p.by,
];

const PROVIDER = `SELECT ip.id, ip.tenant_id AS "tenantId", t.slug AS "tenantSlug", ip.organisation_id AS "organisationId", o.name AS "organisationName",
       ip.name, ip.issuer, ip.client_id AS "clientId", ip.client_secret_setting AS "clientSecretSetting",
       ip.email_domains AS "emailDomains", ip.verified_email_claim AS "verifiedEmailClaim", ip.enabled, ip.version
  FROM identity_providers ip JOIN organisations o ON o.id = ip.organisation_id AND o.tenant_id = ip.tenant_id
  JOIN tenants t ON t.tenant_id = ip.tenant_id`;

/** The SQL of single sign-on: providers, linked subjects, sign-ins under way and the policy on passwords. */
@Injectable()
export class IdentityProviderRepository {
  constructor(private readonly ds: DataSource) {}

  async ofTenant(scope: TenantScope): Promise<ProviderRow[]> {
    return this.ds.query(`${PROVIDER} WHERE ip.tenant_id = $1 ORDER BY o.name`, [scope.tenantId]);
  }

  async byId(
    scope: TenantScope,
    id: string,
    m: EntityManager = this.ds.manager,
  ): Promise<ProviderRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [row]: ProviderRow[] = await m.query(
      `${PROVIDER} WHERE ip.tenant_id = $1 AND ip.id = $2`,
      [scope.tenantId, id],
    );
    return row ?? null;
  }

  /** The enabled provider of an organisation of a tenant (one at most), if it has one. */
  async forOrganisation(scope: TenantScope, organisationId: string): Promise<ProviderRow | null> {
    const [row]: ProviderRow[] = await this.ds.query(
      `${PROVIDER} WHERE ip.tenant_id = $1 AND ip.organisation_id = $2 AND ip.enabled`,
      [scope.tenantId, organisationId],
    );
    return row ?? null;
  }

  /**
   * The look-ups that find the council of a sign-in before any is bound, across councils, each
   * returning council ids only (ADR 0015): the councils whose enabled providers claim an email
   * domain, the council of a provider, and that of the sign-in a browser started. They take no
   * scope on purpose, and say so by type: what they are given (a domain, a provider's id, a browser's key) is what
   * finds the council, and the caller binds it before reading anything else.
   */
  async councilsClaimingDomain(
    _lookUp: AcrossCouncils<'council look-up'>,
    domain: string,
  ): Promise<string[]> {
    const rows: { tenant_id: string }[] = await acrossTenants(() =>
      this.ds.query(
        'SELECT DISTINCT tenant_id FROM identity_providers WHERE enabled AND email_domains ? $1',
        [domain.toLowerCase()],
      ),
    );
    return rows.map((r) => r.tenant_id);
  }

  async councilOfProvider(
    _lookUp: AcrossCouncils<'council look-up'>,
    id: string,
  ): Promise<string | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [row]: { tenant_id: string }[] = await acrossTenants(() =>
      this.ds.query('SELECT tenant_id FROM identity_providers WHERE id = $1', [id]),
    );
    return row?.tenant_id ?? null;
  }

  async councilOfSignIn(
    _lookUp: AcrossCouncils<'council look-up'>,
    browserKeyHash: string,
    at: Date,
  ): Promise<string | null> {
    const [row]: { tenant_id: string }[] = await acrossTenants(() =>
      this.ds.query(
        `SELECT tenant_id FROM oidc_sign_ins
          WHERE browser_key_hash = $1 AND used_at IS NULL AND expires_at > $2`,
        [browserKeyHash, at],
      ),
    );
    return row?.tenant_id ?? null;
  }

  /** The council's enabled providers that speak for an email's domain. */
  async forEmailDomain(scope: TenantScope, domain: string): Promise<ProviderRow[]> {
    return this.ds.query(
      `${PROVIDER} WHERE ip.tenant_id = $1 AND ip.enabled AND ip.email_domains ? $2 ORDER BY ip.created_at`,
      [scope.tenantId, domain.toLowerCase()],
    );
  }

  /** The organisation's provider, locked for a change: its id, version and settings as stored. */
  async lockForOrganisation(
    scope: TenantScope,
    m: Queryable,
    organisationId: string,
  ): Promise<ProviderRow | null> {
    const [row]: ProviderRow[] = await m.query(
      `${PROVIDER} WHERE ip.tenant_id = $1 AND ip.organisation_id = $2 FOR UPDATE OF ip`,
      [scope.tenantId, organisationId],
    );
    return row ?? null;
  }

  /** Whether any provider of the tenant is turned on (passwords may be turned off only then). */
  async anyEnabled(scope: TenantScope, m: Queryable): Promise<boolean> {
    const [on]: unknown[] = await m.query(
      'SELECT 1 FROM identity_providers WHERE tenant_id = $1 AND enabled LIMIT 1',
      [scope.tenantId],
    );
    return Boolean(on);
  }

  /** Connects an organisation to its provider; the new provider's id. */
  async insert(scope: TenantScope, m: Queryable, organisationId: string, p: ProviderWrite) {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO identity_providers (tenant_id, organisation_id, name, issuer, client_id, client_secret_setting,
         email_domains, verified_email_claim, enabled, updated_at, updated_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10) RETURNING id`,
      [scope.tenantId, organisationId, ...writeValues(p)],
    );
    return row.id;
  }

  /** Changes a provider's settings, one version on. */
  async update(scope: TenantScope, m: Queryable, id: string, p: ProviderWrite): Promise<void> {
    await m.query(
      `UPDATE identity_providers SET name = $2, issuer = $3, client_id = $4, client_secret_setting = $5,
         email_domains = $6, verified_email_claim = $7, enabled = $8, updated_at = $9, updated_by = $10,
         version = version + 1
       WHERE id = $1 AND tenant_id = $11`,
      [id, ...writeValues(p), scope.tenantId],
    );
  }

  /** Who may sign in with a password; `lock` holds the row for a change in `m`'s transaction. */
  async policy(
    scope: TenantScope,
    m: Queryable = this.ds.manager,
    lock = false,
  ): Promise<LocalPasswords> {
    const [row]: { local_passwords: LocalPasswords }[] = await m.query(
      `SELECT local_passwords FROM sign_in_policies WHERE tenant_id = $1${lock ? ' FOR UPDATE' : ''}`,
      [scope.tenantId],
    );
    return row?.local_passwords ?? 'everyone';
  }

  async setPolicy(
    scope: TenantScope,
    m: EntityManager,
    localPasswords: LocalPasswords,
    by: string,
    at: Date,
  ): Promise<void> {
    await m.query(
      `INSERT INTO sign_in_policies (tenant_id, local_passwords, updated_at, updated_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id) DO UPDATE SET local_passwords = $2, updated_at = $3, updated_by = $4`,
      [scope.tenantId, localPasswords, at, by],
    );
  }

  async recordStart(
    scope: TenantScope,
    a: {
      providerId: string;
      browserKeyHash: string;
      state: string;
      nonce: string;
      codeVerifier: string;
      next: string;
      at: Date;
      expiresAt: Date;
    },
  ): Promise<void> {
    // The council's sign-ins never finished are of no use once expired: cleared as new ones start.
    await this.ds.query('DELETE FROM oidc_sign_ins WHERE tenant_id = $1 AND expires_at < $2', [
      scope.tenantId,
      new Date(a.at.getTime() - 24 * 3600_000),
    ]);
    await this.ds.query(
      `INSERT INTO oidc_sign_ins (tenant_id, provider_id, browser_key_hash, state, nonce, code_verifier, next, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        scope.tenantId,
        a.providerId,
        a.browserKeyHash,
        a.state,
        a.nonce,
        a.codeVerifier,
        a.next,
        a.at,
        a.expiresAt,
      ],
    );
  }

  /** Takes the browser's sign-in under way, once: later calls with the same key find nothing. */
  async takeStarted(
    scope: TenantScope,
    browserKeyHash: string,
    at: Date,
  ): Promise<{
    providerId: string;
    state: string;
    nonce: string;
    codeVerifier: string;
    next: string;
  } | null> {
    const [rows]: [
      { providerId: string; state: string; nonce: string; codeVerifier: string; next: string }[],
    ] = await this.ds.query(
      `UPDATE oidc_sign_ins SET used_at = $2
        WHERE tenant_id = $3 AND browser_key_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING provider_id AS "providerId", state, nonce, code_verifier AS "codeVerifier", next`,
      [browserKeyHash, at, scope.tenantId],
    );
    return rows[0] ?? null;
  }

  /** The active account a provider's subject is linked to; `linked` says whether a link exists at all. */
  async accountBySubject(
    scope: TenantScope,
    providerId: string,
    subject: string,
    at: Date,
  ): Promise<{ linked: boolean; accountId: string | null }> {
    const [row]: { account_id: string; active: boolean }[] = await this.ds.query(
      `SELECT i.account_id,
              (a.disabled_at IS NULL AND (p.left_on IS NULL OR p.left_on > $3::date)) AS active
         FROM staff_identities i
         JOIN staff_accounts a ON a.id = i.account_id AND a.tenant_id = i.tenant_id
         JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
        WHERE i.tenant_id = $4 AND i.provider_id = $1 AND i.subject = $2`,
      [providerId, subject, londonDate(at), scope.tenantId],
    );
    if (!row) return { linked: false, accountId: null };
    return { linked: true, accountId: row.active ? row.account_id : null };
  }

  /** The active staff account of a person of the provider's organisation with this email. */
  async accountByEmail(
    scope: TenantScope,
    provider: ProviderRow,
    email: string,
    at: Date,
  ): Promise<{ accountId: string; linkedSubject: string | null } | null> {
    const [row]: { account_id: string; subject: string | null }[] = await this.ds.query(
      `SELECT a.id AS account_id, i.subject
         FROM staff_accounts a
         JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
         LEFT JOIN staff_identities i ON i.account_id = a.id AND i.provider_id = $3
        WHERE a.tenant_id = $1 AND p.organisation_id = $2 AND lower(p.email) = lower($4)
          AND a.disabled_at IS NULL AND (p.left_on IS NULL OR p.left_on > $5::date)`,
      [scope.tenantId, provider.organisationId, provider.id, email, londonDate(at)],
    );
    return row ? { accountId: row.account_id, linkedSubject: row.subject } : null;
  }

  /** Links the subject to the account; false when another sign-in linked either first. */
  async link(
    scope: TenantScope,
    provider: ProviderRow,
    accountId: string,
    subject: string,
    at: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO staff_identities (tenant_id, account_id, provider_id, subject, linked_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING id`,
      [scope.tenantId, accountId, provider.id, subject, at],
    );
    return rows.length === 1;
  }
}
