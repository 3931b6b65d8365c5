import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS, secondFactorForAdministrators, type Settings } from '../config/settings.service';
import argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock.service';
import { acrossTenants, withTenant } from '../core/tenant-context.service';
import { londonDate } from '../governance/working-day-calendar.service';
import type { StaffRole } from './staff-account.entity';

export interface SignedInStaff {
  sessionId: string;
  accountId: string;
  tenantId: string;
  role: StaffRole;
  csrfToken: string;
  person: { id: string; tenantId: string; name: string; email: string; isOfficer: boolean };
  /**
   * Whether the pages offer this person forms that record steps: a democratic services officer in
   * the directory (what the use cases check), and not a governance lead, who changes nothing.
   */
  mayRecord: boolean;
  /** An administrator signed in with a password and no authenticator yet: pages send them to set one up. */
  mustEnrolSecondFactor: boolean;
}

/** A session signed in with a password that still owes the authenticator's code. */
export interface PendingSecondFactor {
  sessionId: string;
  accountId: string;
  csrfToken: string;
}

/** Several councils whose accounts one email and password opened: the person chooses one. */
export interface CouncilChoice {
  councils: { slug: string; name: string }[];
  accountIds: string[];
}

interface PasswordAccount {
  id: string;
  tenant_id: string;
  slug: string;
  council_name: string;
  password_hash: string | null;
  role: StaffRole;
  local_passwords: string | null;
  second_factor: boolean;
}

/** The staff accounts that may sign in today, with their council and its password policy ($2: today). */
const PASSWORD_ACCOUNTS = `SELECT a.id, a.tenant_id, t.slug, t.name AS council_name, a.password_hash, a.role, sp.local_passwords,
       EXISTS (SELECT 1 FROM staff_second_factors f WHERE f.account_id = a.id AND f.confirmed_at IS NOT NULL) AS second_factor
  FROM staff_accounts a JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
  JOIN tenants t ON t.tenant_id = a.tenant_id
  LEFT JOIN sign_in_policies sp ON sp.tenant_id = a.tenant_id
 WHERE a.disabled_at IS NULL AND (p.left_on IS NULL OR p.left_on > $2::date) AND`;

const passwordsAllowed = (a: PasswordAccount) => {
  const policy = a.local_passwords ?? 'everyone';
  return policy === 'everyone' || (policy === 'administrators' && a.role === 'administrator');
};

const SESSION_HOURS = 8;
/** Compared against when the email is unknown, so that a wrong email takes as long as a wrong password. */
let dummyHash: Promise<string> | null = null;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Local sign-in: argon2id password hashes, sessions in PostgreSQL (the cookie carries a random
 * token, stored only as its SHA-256) with a CSRF token of their own. An identity provider
 * calls `startSession` for the account it resolved, with its own `method`
 * (libs/staff/oidc-sign-in.use-case.ts: `oidc:<provider id>`).
 */
@Injectable()
export class StaffAuthService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  static hashPassword(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  /** Gives a person a local sign-in with a role. */
  static async createAccount(
    m: { query(sql: string, params: unknown[]): Promise<unknown> },
    a: { tenantId: string; personId: string; role: StaffRole; password: string; at: Date },
  ): Promise<void> {
    await m.query(
      'INSERT INTO staff_accounts (tenant_id, person_id, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
      [a.tenantId, a.personId, a.role, await StaffAuthService.hashPassword(a.password), a.at],
    );
  }

  /**
   * The session token for a correct email and password; 'single_sign_on_only' when the password
   * is right but the council has turned passwords off for the account (said only then, so that it
   * tells nobody without the password which accounts exist); null otherwise, taking as long.
   * One email may hold a staff account in several councils, each with its own password: `council`
   * (a slug, from the sign-in page's address) keeps to one; without it, when the password opens
   * the accounts of more than one, the person chooses (`signInChosen`), and is told only then.
   */
  async signIn(
    email: string,
    password: string,
    userAgent?: string,
    council?: string,
  ): Promise<string | 'single_sign_on_only' | CouncilChoice | null> {
    // Across councils by name: the email is all there is to find the council by (ADR 0015).
    const rows: PasswordAccount[] = await acrossTenants(() =>
      this.ds.query(
        `${PASSWORD_ACCOUNTS} lower(p.email) = lower($1) AND ($3::text IS NULL OR t.slug = $3) ORDER BY t.name, t.slug`,
        [email.trim(), londonDate(this.clock.now()), council?.trim() || null],
      ),
    );
    dummyHash ??= StaffAuthService.hashPassword(randomBytes(16).toString('hex'));
    if (rows.length === 0) await argon2.verify(await dummyHash, password).catch(() => false);
    const opened: PasswordAccount[] = [];
    for (const r of rows)
      if (r.password_hash && (await argon2.verify(r.password_hash, password).catch(() => false)))
        opened.push(r);
    if (opened.length === 0) return null;
    const allowed = opened.filter((r) => passwordsAllowed(r));
    if (allowed.length === 0) return 'single_sign_on_only';
    if (allowed.length > 1)
      return {
        councils: allowed.map((r) => ({ slug: r.slug, name: r.council_name })),
        accountIds: allowed.map((r) => r.id),
      };
    return this.startPasswordSession(allowed[0], userAgent);
  }

  /** The session in the council chosen from those a password opened; null if it may no longer sign in. */
  async signInChosen(
    accountIds: string[],
    council: string,
    userAgent?: string,
  ): Promise<string | null> {
    const [account]: PasswordAccount[] = await acrossTenants(() =>
      this.ds.query(`${PASSWORD_ACCOUNTS} a.id = ANY($1::uuid[]) AND t.slug = $3`, [
        accountIds,
        londonDate(this.clock.now()),
        council,
      ]),
    );
    if (!account?.password_hash || !passwordsAllowed(account)) return null;
    return this.startPasswordSession(account, userAgent);
  }

  /** The councils of a choice, to ask again when none was chosen. */
  async councilsOf(accountIds: string[]): Promise<{ slug: string; name: string }[]> {
    const rows: PasswordAccount[] = await acrossTenants(() =>
      this.ds.query(`${PASSWORD_ACCOUNTS} a.id = ANY($1::uuid[]) ORDER BY t.name, t.slug`, [
        accountIds,
        londonDate(this.clock.now()),
      ]),
    );
    return rows.map((r) => ({ slug: r.slug, name: r.council_name }));
  }

  /** The name of the council a sign-in page's address names; null for none. */
  async councilNamed(slug: string): Promise<string | null> {
    const [row]: { name: string }[] = await this.ds.query(
      'SELECT name FROM tenants WHERE slug = $1',
      [slug],
    );
    return row?.name ?? null;
  }

  private startPasswordSession(account: PasswordAccount, userAgent?: string): Promise<string> {
    return withTenant(account.tenant_id, () =>
      this.startSession(account.id, 'password', userAgent, account.second_factor),
    );
  }

  async startSession(
    accountId: string,
    method: string,
    userAgent?: string,
    secondFactorPending = false,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.ds.query(
      `INSERT INTO staff_sessions (tenant_id, account_id, token_hash, csrf_token, method, created_at, expires_at, user_agent, last_seen_at, second_factor_pending)
       SELECT tenant_id, id, $2, $3, $4, $5, $6, $7, $5, $8 FROM staff_accounts WHERE id = $1`,
      [
        accountId,
        sha256(token),
        randomBytes(32).toString('base64url'),
        method,
        now,
        new Date(now.getTime() + SESSION_HOURS * 3600_000),
        userAgent ? userAgent.slice(0, 400) : null,
        secondFactorPending,
      ],
    );
    return token;
  }

  async resolve(token: string | undefined): Promise<SignedInStaff | null> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const rows: {
      session_id: string;
      account_id: string;
      tenant_id: string;
      role: StaffRole;
      csrf_token: string;
      person_id: string;
      name: string;
      email: string;
      is_officer: boolean;
      last_seen_at: Date | null;
      must_enrol: boolean;
    }[] = await this.ds.query(
      `SELECT s.id AS session_id, a.id AS account_id, a.tenant_id, a.role, s.csrf_token, p.id AS person_id, p.name, p.email, p.is_officer, s.last_seen_at,
              (a.role = 'administrator' AND s.method = 'password' AND NOT EXISTS (
                 SELECT 1 FROM staff_second_factors f WHERE f.account_id = a.id AND f.confirmed_at IS NOT NULL)) AS must_enrol
         FROM staff_sessions s
         JOIN staff_accounts a ON a.id = s.account_id AND a.disabled_at IS NULL
         JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id AND (p.left_on IS NULL OR p.left_on > $3::date)
        WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT s.second_factor_pending`,
      [sha256(token), this.clock.now(), londonDate(this.clock.now())],
    );
    const r = rows[0];
    if (!r) return null;
    const now = this.clock.now();
    // Written at most once a minute: "last seen" is for people, not an access log.
    if (!r.last_seen_at || now.getTime() - r.last_seen_at.getTime() >= 60_000)
      await this.ds.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1', [
        r.session_id,
        now,
      ]);
    return {
      sessionId: r.session_id,
      accountId: r.account_id,
      tenantId: r.tenant_id,
      role: r.role,
      csrfToken: r.csrf_token,
      person: {
        id: r.person_id,
        tenantId: r.tenant_id,
        name: r.name,
        email: r.email,
        isOfficer: r.is_officer,
      },
      mayRecord: r.is_officer && r.role !== 'governance_lead',
      mustEnrolSecondFactor:
        r.must_enrol && secondFactorForAdministrators(this.settings) === 'required',
    };
  }

  /** The session behind the cookie when it still owes its second factor. */
  async resolvePending(token: string | undefined): Promise<PendingSecondFactor | null> {
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const [row]: PendingSecondFactor[] = await this.ds.query(
      `SELECT s.id AS "sessionId", s.account_id AS "accountId", s.csrf_token AS "csrfToken"
         FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id AND a.disabled_at IS NULL
        WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.second_factor_pending`,
      [sha256(token), this.clock.now()],
    );
    return row ?? null;
  }

  /**
   * The second factor given: the pending session is replaced by a new one with a new token, so
   * that a token seen before the code was typed never becomes a signed-in one.
   */
  async completeSecondFactor(pending: PendingSecondFactor, userAgent?: string): Promise<string> {
    await this.ds.query('DELETE FROM staff_sessions WHERE id = $1', [pending.sessionId]);
    return this.startSession(pending.accountId, 'password', userAgent);
  }

  async signOut(token: string | undefined): Promise<void> {
    if (token)
      await this.ds.query('DELETE FROM staff_sessions WHERE token_hash = $1', [sha256(token)]);
  }
}
