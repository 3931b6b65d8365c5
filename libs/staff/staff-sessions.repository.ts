import { Injectable } from '@nestjs/common';
import type { AcrossCouncils } from '../core/across-councils';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { StaffRole } from './staff-account.entity';

/** One of a person's open sessions, for "your sessions". */
export interface SessionRow {
  id: string;
  method: string;
  providerName: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date | null;
}

/**
 * A session as its cookie's token finds it, in whichever council: its account (null once disabled)
 * and person (null once they have left) alongside, so that one read says who is signed in.
 */
export interface SessionByToken {
  tenantId: string;
  sessionId: string;
  csrfToken: string;
  method: string;
  /** Not yet expired at the time asked about. */
  open: boolean;
  secondFactorPending: boolean;
  lastSeenAt: Date | null;
  accountId: string | null;
  role: StaffRole | null;
  /** The account has a confirmed authenticator. */
  hasSecondFactor: boolean;
  personId: string | null;
  name: string | null;
  email: string | null;
  isOfficer: boolean | null;
  /** The session's council, as its header names it. */
  councilSlug: string;
  councilName: string;
  /** How many other councils the person's email has an account in today (to switch to). */
  otherCouncils: number;
}

/** A session to start: the token and CSRF token it is known by, how it was signed in. */
export interface NewSession {
  accountId: string;
  tokenHash: string;
  csrfToken: string;
  method: string;
  at: Date;
  expiresAt: Date;
  userAgent: string | null;
  secondFactorPending: boolean;
}

/**
 * The staff_sessions table: sign-in starts, finds and ends sessions (StaffAuthService); a person's
 * own sessions and the account use cases read and end them.
 */
@Injectable()
export class StaffSessionsRepository {
  /**
   * The session whose token hashes to `tokenHash`, whatever its state, with its account and person
   * as they stand on `today` (London). Keyed by the token alone, it finds the council too: the
   * caller runs it across councils and binds the one it names (ADR 0015, ADR 0024). It alone takes
   * no scope, on purpose, and says so by type: a cookie arrives before anything says which council it belongs to, and
   * the token (a secret of 256 bits) names one session of one council.
   */
  async byToken(
    _lookUp: AcrossCouncils<'council look-up'>,
    m: Queryable,
    tokenHash: string,
    at: Date,
    today: string,
  ): Promise<SessionByToken | null> {
    const [row]: SessionByToken[] = await m.query(
      `SELECT s.tenant_id AS "tenantId", s.id AS "sessionId", s.csrf_token AS "csrfToken", s.method,
              s.expires_at > $2 AS open, s.second_factor_pending AS "secondFactorPending",
              s.last_seen_at AS "lastSeenAt", a.id AS "accountId", a.role,
              EXISTS (SELECT 1 FROM staff_second_factors f
                       WHERE f.account_id = a.id AND f.confirmed_at IS NOT NULL) AS "hasSecondFactor",
              p.id AS "personId", p.name, p.email, p.is_officer AS "isOfficer",
              t.slug AS "councilSlug", t.name AS "councilName",
              (SELECT count(DISTINCT a2.tenant_id)::int
                 FROM staff_accounts a2
                 JOIN people p2 ON p2.id = a2.person_id AND p2.tenant_id = a2.tenant_id
                WHERE lower(p2.email) = lower(p.email) AND a2.tenant_id <> s.tenant_id
                  AND a2.disabled_at IS NULL AND (p2.left_on IS NULL OR p2.left_on > $3::date)
              ) AS "otherCouncils"
         FROM staff_sessions s
         JOIN tenants t ON t.tenant_id = s.tenant_id
         LEFT JOIN staff_accounts a
           ON a.id = s.account_id AND a.tenant_id = s.tenant_id AND a.disabled_at IS NULL
         LEFT JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
           AND (p.left_on IS NULL OR p.left_on > $3::date)
        WHERE s.token_hash = $1`,
      [tokenHash, at, today],
    );
    return row ?? null;
  }

  /** Starts a session for the account, in the account's council. */
  async start(scope: TenantScope, m: Queryable, s: NewSession): Promise<void> {
    await m.query(
      `INSERT INTO staff_sessions (tenant_id, account_id, token_hash, csrf_token, method, created_at, expires_at, user_agent, last_seen_at, second_factor_pending)
       SELECT tenant_id, id, $2, $3, $4, $5, $6, $7, $5, $8 FROM staff_accounts
        WHERE id = $1 AND tenant_id = $9`,
      [
        s.accountId,
        s.tokenHash,
        s.csrfToken,
        s.method,
        s.at,
        s.expiresAt,
        s.userAgent,
        s.secondFactorPending,
        scope.tenantId,
      ],
    );
  }

  async markSeen(scope: TenantScope, m: Queryable, sessionId: string, at: Date): Promise<void> {
    await m.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1 AND tenant_id = $3', [
      sessionId,
      at,
      scope.tenantId,
    ]);
  }

  async end(scope: TenantScope, m: Queryable, sessionId: string): Promise<void> {
    await m.query('DELETE FROM staff_sessions WHERE id = $1 AND tenant_id = $2', [
      sessionId,
      scope.tenantId,
    ]);
  }

  /** The account's sessions still open at `at`, the most recently used first. */
  async openOf(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
    at: Date,
  ): Promise<SessionRow[]> {
    return m.query(
      `SELECT s.id, s.method, ip.name AS "providerName", s.user_agent AS "userAgent",
              s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt"
         FROM staff_sessions s
         LEFT JOIN identity_providers ip ON s.method = 'oidc:' || ip.id::text
        WHERE s.tenant_id = $3 AND s.account_id = $1 AND s.expires_at > $2
        ORDER BY coalesce(s.last_seen_at, s.created_at) DESC`,
      [accountId, at, scope.tenantId],
    );
  }

  /** Ends one session of the account; false when it is not the account's or already ended. */
  async endOfAccount(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
    sessionId: string,
  ): Promise<boolean> {
    const [, n]: [unknown, number] = await m.query(
      'DELETE FROM staff_sessions WHERE id = $1 AND account_id = $2 AND tenant_id = $3',
      [sessionId, accountId, scope.tenantId],
    );
    return n > 0;
  }

  /** Ends every session of the account but one; how many ended. */
  async endOthers(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
    keepSessionId: string,
  ): Promise<number> {
    const [, n]: [unknown, number] = await m.query(
      'DELETE FROM staff_sessions WHERE account_id = $1 AND id <> $2 AND tenant_id = $3',
      [accountId, keepSessionId, scope.tenantId],
    );
    return n;
  }

  /** Ends every session of the account at once. */
  async endAll(scope: TenantScope, m: Queryable, accountId: string): Promise<void> {
    await m.query('DELETE FROM staff_sessions WHERE account_id = $1 AND tenant_id = $2', [
      accountId,
      scope.tenantId,
    ]);
  }
}
