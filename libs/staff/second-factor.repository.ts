import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** A second factor as its check reads it, locked. */
export interface LockedSecondFactor {
  /** The seed, sealed (second-factor-key.service.ts). */
  secret: string;
  lastStep: number | null;
  lockedUntil: Date | null;
}

/**
 * The SQL of two-factor sign-in: staff_second_factors (one authenticator per account, its sealed
 * seed, the last time step taken and the run of wrong codes) and staff_recovery_codes (SHA-256).
 */
@Injectable()
export class SecondFactorRepository {
  async confirmed(scope: TenantScope, m: Queryable, accountId: string): Promise<boolean> {
    const [row]: unknown[] = await m.query(
      'SELECT 1 FROM staff_second_factors WHERE tenant_id = $2 AND account_id = $1 AND confirmed_at IS NOT NULL',
      [accountId, scope.tenantId],
    );
    return Boolean(row);
  }

  /** The account's seed, sealed, and whether it was confirmed; null when it has none. */
  async seedOf(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
  ): Promise<{ secret: string; confirmedAt: Date | null } | null> {
    const [row]: { secret: string; confirmedAt: Date | null }[] = await m.query(
      'SELECT secret, confirmed_at AS "confirmedAt" FROM staff_second_factors WHERE tenant_id = $2 AND account_id = $1',
      [accountId, scope.tenantId],
    );
    return row ?? null;
  }

  /** A new seed awaiting its first code, replacing one not yet confirmed. */
  async putSeed(
    scope: TenantScope,
    m: Queryable,
    s: { accountId: string; sealed: string; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO staff_second_factors (account_id, tenant_id, secret, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id) DO UPDATE SET secret = $3, created_at = $4, failures = 0, locked_until = NULL
         WHERE staff_second_factors.tenant_id = $2`,
      [s.accountId, scope.tenantId, s.sealed, s.at],
    );
  }

  /** The confirmed (or, with `confirmed` false, the unconfirmed) factor, locked for its check. */
  async lockForCheck(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
    confirmed: boolean,
  ): Promise<LockedSecondFactor | null> {
    const [f]: { secret: string; last_step: string | null; locked_until: Date | null }[] =
      await m.query(
        `SELECT secret, last_step, locked_until FROM staff_second_factors
          WHERE tenant_id = $3 AND account_id = $1 AND (confirmed_at IS NOT NULL) = $2 FOR UPDATE`,
        [accountId, confirmed, scope.tenantId],
      );
    if (!f) return null;
    return {
      secret: f.secret,
      lastStep: f.last_step === null ? null : Number(f.last_step),
      lockedUntil: f.locked_until,
    };
  }

  /** A code taken: its time step, so that no code of that step or before is taken again. */
  async takeStep(scope: TenantScope, m: Queryable, accountId: string, step: number): Promise<void> {
    await m.query(
      'UPDATE staff_second_factors SET last_step = $2, failures = 0, locked_until = NULL WHERE tenant_id = $3 AND account_id = $1',
      [accountId, step, scope.tenantId],
    );
  }

  async confirm(scope: TenantScope, m: Queryable, accountId: string, at: Date): Promise<void> {
    await m.query(
      'UPDATE staff_second_factors SET confirmed_at = $2 WHERE tenant_id = $3 AND account_id = $1',
      [accountId, at, scope.tenantId],
    );
  }

  /** The account's recovery codes, as SHA-256, in place of any it had. */
  async replaceRecoveryCodes(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
    hashes: string[],
  ): Promise<void> {
    await m.query('DELETE FROM staff_recovery_codes WHERE tenant_id = $2 AND account_id = $1', [
      accountId,
      scope.tenantId,
    ]);
    for (const hash of hashes)
      await m.query(
        `INSERT INTO staff_recovery_codes (tenant_id, account_id, code_hash)
         SELECT tenant_id, account_id, $2 FROM staff_second_factors WHERE tenant_id = $3 AND account_id = $1`,
        [accountId, hash, scope.tenantId],
      );
  }

  /** Uses an unused recovery code, once; false when there is none with that hash. */
  async useRecoveryCode(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
    hash: string,
    at: Date,
  ) {
    // UPDATE … RETURNING answers [rows, count].
    const [used]: [unknown[], number] = await m.query(
      `UPDATE staff_recovery_codes SET used_at = $3
        WHERE tenant_id = $4 AND account_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [accountId, hash, at, scope.tenantId],
    );
    return used.length > 0;
  }

  async recoveryCodesLeft(scope: TenantScope, m: Queryable, accountId: string): Promise<number> {
    const [row]: { n: string }[] = await m.query(
      'SELECT count(*) AS n FROM staff_recovery_codes WHERE tenant_id = $2 AND account_id = $1 AND used_at IS NULL',
      [accountId, scope.tenantId],
    );
    return Number(row.n);
  }

  async clearFailures(scope: TenantScope, m: Queryable, accountId: string): Promise<void> {
    await m.query(
      'UPDATE staff_second_factors SET failures = 0, locked_until = NULL WHERE tenant_id = $2 AND account_id = $1',
      [accountId, scope.tenantId],
    );
  }

  /** One more wrong code in a row: how many now (null when the account has no factor). */
  async addFailure(scope: TenantScope, m: Queryable, accountId: string): Promise<number | null> {
    const [[row]]: [{ failures: number }[], number] = await m.query(
      'UPDATE staff_second_factors SET failures = failures + 1 WHERE tenant_id = $2 AND account_id = $1 RETURNING failures',
      [accountId, scope.tenantId],
    );
    return row ? row.failures : null;
  }

  /** No code is taken until `until`; the run of wrong ones starts again. */
  async lockUntil(scope: TenantScope, m: Queryable, accountId: string, until: Date): Promise<void> {
    await m.query(
      'UPDATE staff_second_factors SET failures = 0, locked_until = $2 WHERE tenant_id = $3 AND account_id = $1',
      [accountId, until, scope.tenantId],
    );
  }
}
