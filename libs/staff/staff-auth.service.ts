import { Inject, Injectable } from '@nestjs/common';
import { SETTINGS, secondFactorForAdministrators, type Settings } from '../config/settings.service';
import argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock.service';
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
   */
  async signIn(
    email: string,
    password: string,
    userAgent?: string,
  ): Promise<string | 'single_sign_on_only' | null> {
    const rows: {
      id: string;
      password_hash: string | null;
      role: StaffRole;
      local_passwords: string | null;
      second_factor: boolean;
    }[] = await this.ds.query(
      `SELECT a.id, a.password_hash, a.role, sp.local_passwords,
              EXISTS (SELECT 1 FROM staff_second_factors f WHERE f.account_id = a.id AND f.confirmed_at IS NOT NULL) AS second_factor
         FROM staff_accounts a JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
         LEFT JOIN sign_in_policies sp ON sp.tenant_id = a.tenant_id
        WHERE lower(p.email) = lower($1) AND a.disabled_at IS NULL AND (p.left_on IS NULL OR p.left_on > $2::date)`,
      [email.trim(), londonDate(this.clock.now())],
    );
    const account = rows.length === 1 ? rows[0] : null;
    dummyHash ??= StaffAuthService.hashPassword(randomBytes(16).toString('hex'));
    const hash = account?.password_hash ?? (await dummyHash);
    const ok = await argon2.verify(hash, password).catch(() => false);
    if (!ok || !account?.password_hash) return null;
    const policy = account.local_passwords ?? 'everyone';
    if (policy === 'nobody' || (policy === 'administrators' && account.role !== 'administrator'))
      return 'single_sign_on_only';
    return this.startSession(account.id, 'password', userAgent, account.second_factor);
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
