import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

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
 * The staff_sessions table as a person's own sessions and the account use cases read and end
 * them (sign-in starts and resolves them in StaffAuthService, under its tenancy binding).
 */
@Injectable()
export class StaffSessionsRepository {
  /** The account's sessions still open at `at`, the most recently used first. */
  async openOf(m: Queryable, accountId: string, at: Date): Promise<SessionRow[]> {
    return m.query(
      `SELECT s.id, s.method, ip.name AS "providerName", s.user_agent AS "userAgent",
              s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt"
         FROM staff_sessions s
         LEFT JOIN identity_providers ip ON s.method = 'oidc:' || ip.id::text
        WHERE s.account_id = $1 AND s.expires_at > $2
        ORDER BY coalesce(s.last_seen_at, s.created_at) DESC`,
      [accountId, at],
    );
  }

  /** Ends one session of the account; false when it is not the account's or already ended. */
  async endOfAccount(m: Queryable, accountId: string, sessionId: string): Promise<boolean> {
    const [, n]: [unknown, number] = await m.query(
      'DELETE FROM staff_sessions WHERE id = $1 AND account_id = $2',
      [sessionId, accountId],
    );
    return n > 0;
  }

  /** Ends every session of the account but one; how many ended. */
  async endOthers(m: Queryable, accountId: string, keepSessionId: string): Promise<number> {
    const [, n]: [unknown, number] = await m.query(
      'DELETE FROM staff_sessions WHERE account_id = $1 AND id <> $2',
      [accountId, keepSessionId],
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
