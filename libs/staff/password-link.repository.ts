import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** A link that still works, with whom it is for. */
export interface WorkingLink {
  id: string;
  tenantId: string;
  accountId: string;
  name: string;
  email: string;
  purpose: 'set' | 'reset';
}

/**
 * The password_links table: one-time links to set or reset a password, each kept as the SHA-256
 * of its token, with when it stops working and when it was used (or voided by a newer one).
 */
@Injectable()
export class PasswordLinkRepository {
  /** Voids the account's links not used yet: a newer link replaces them. */
  async voidUnused(scope: TenantScope, m: Queryable, accountId: string, at: Date): Promise<void> {
    await m.query(
      'UPDATE password_links SET used_at = $3 WHERE tenant_id = $1 AND account_id = $2 AND used_at IS NULL',
      [scope.tenantId, accountId, at],
    );
  }

  async insert(
    scope: TenantScope,
    m: Queryable,
    l: {
      accountId: string;
      tokenHash: string;
      at: Date;
      expiresAt: Date;
      purpose: 'set' | 'reset';
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO password_links (tenant_id, account_id, token_hash, created_at, expires_at, purpose)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [scope.tenantId, l.accountId, l.tokenHash, l.at, l.expiresAt, l.purpose],
    );
  }

  /**
   * The link with this token's hash while it works at `at` (unused, unexpired, for an enabled
   * account); `lock` holds it for the transaction that uses it.
   */
  async working(
    scope: TenantScope,
    m: Queryable,
    tokenHash: string,
    at: Date,
    lock: boolean,
  ): Promise<WorkingLink | null> {
    const [row]: WorkingLink[] = await m.query(
      `SELECT l.id, l.tenant_id AS "tenantId", l.account_id AS "accountId", p.name, p.email, l.purpose
         FROM password_links l
         JOIN staff_accounts a ON a.id = l.account_id AND a.tenant_id = l.tenant_id AND a.disabled_at IS NULL
         JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
        WHERE l.tenant_id = $3 AND l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2${lock ? ' FOR UPDATE OF l' : ''}`,
      [tokenHash, at, scope.tenantId],
    );
    return row ?? null;
  }

  async markUsed(scope: TenantScope, m: Queryable, id: string, at: Date): Promise<void> {
    await m.query('UPDATE password_links SET used_at = $3 WHERE tenant_id = $1 AND id = $2', [
      scope.tenantId,
      id,
      at,
    ]);
  }

  /** How many reset links the account was sent since `since`. */
  async resetsSince(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
    since: Date,
  ): Promise<number> {
    const [row]: { n: string }[] = await m.query(
      `SELECT count(*) AS n FROM password_links
        WHERE tenant_id = $1 AND account_id = $2 AND purpose = 'reset' AND created_at > $3`,
      [scope.tenantId, accountId, since],
    );
    return Number(row.n);
  }
}
