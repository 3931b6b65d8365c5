import { Injectable } from '@nestjs/common';
import type { AcrossCouncils } from '../core/across-councils';
import type { Queryable } from '../core/queryable';
import type { StaffRole } from './staff-account.entity';

/** A staff account that may sign in today, with its council and the council's password policy. */
export interface PasswordAccount {
  id: string;
  tenant_id: string;
  slug: string;
  council_name: string;
  password_hash: string | null;
  role: StaffRole;
  local_passwords: string | null;
  second_factor: boolean;
}

/** An account a password reset may be sent to, with how many resets it was sent in the last hour. */
export interface ResetAccount {
  id: string;
  tenant_id: string;
  name: string;
  email: string;
  role: string;
  local_passwords: string | null;
  council_name: string;
  recent: string;
}

/** The staff accounts that may sign in today, with their council and its password policy ($2: today). */
const PASSWORD_ACCOUNTS = `SELECT a.id, a.tenant_id, t.slug, t.name AS council_name, a.password_hash, a.role, sp.local_passwords,
       EXISTS (SELECT 1 FROM staff_second_factors f WHERE f.account_id = a.id AND f.confirmed_at IS NOT NULL) AS second_factor
  FROM staff_accounts a JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
  JOIN tenants t ON t.tenant_id = a.tenant_id
  LEFT JOIN sign_in_policies sp ON sp.tenant_id = a.tenant_id
 WHERE a.disabled_at IS NULL AND (p.left_on IS NULL OR p.left_on > $2::date) AND`;

/**
 * The look-ups of signing in before any council is known: the accounts an email has (in one
 * council or several), the accounts of a council choice, the councils a signed-in person may
 * switch to, and the council a sign-in page's address names. Keyed by what the person typed, they
 * find the council, and so take no scope but say so by type (`AcrossCouncils`): callers run
 * them across councils, out loud (`acrossTenants`, ADR 0015), and bind the council they find
 * before anything else is read or written. Every join keeps to the account's own council.
 */
@Injectable()
export class SignInAccountsRepository {
  /** The accounts of this email, any case, that may sign in on `today`; in one council by its slug. */
  async withEmail(
    _lookUp: AcrossCouncils<'council look-up'>,
    m: Queryable,
    email: string,
    today: string,
    councilSlug: string | null,
  ): Promise<PasswordAccount[]> {
    return m.query(
      `${PASSWORD_ACCOUNTS} lower(p.email) = lower($1) AND ($3::text IS NULL OR t.slug = $3) ORDER BY t.name, t.slug`,
      [email, today, councilSlug],
    );
  }

  /** Those of these accounts that may still sign in on `today`, in one council by its slug, or all. */
  async withIds(
    _lookUp: AcrossCouncils<'council look-up'>,
    m: Queryable,
    accountIds: string[],
    today: string,
    councilSlug: string | null,
  ): Promise<PasswordAccount[]> {
    return m.query(
      `${PASSWORD_ACCOUNTS} a.id = ANY($1::uuid[]) AND ($3::text IS NULL OR t.slug = $3) ORDER BY t.name, t.slug`,
      [accountIds, today, councilSlug],
    );
  }

  /**
   * The enabled accounts of this email, any case, whose person is with their council on `today`,
   * by council name, each with the reset emails sent to it since `since`.
   */
  async forReset(
    _lookUp: AcrossCouncils<'council look-up'>,
    m: Queryable,
    email: string,
    today: string,
    since: Date,
  ): Promise<ResetAccount[]> {
    return m.query(
      `SELECT a.id, a.tenant_id, p.name, p.email, a.role, sp.local_passwords, t.name AS council_name,
              (SELECT count(*) FROM password_links l WHERE l.account_id = a.id AND l.purpose = 'reset'
                  AND l.created_at > $3) AS recent
         FROM staff_accounts a
         JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
         JOIN tenants t ON t.tenant_id = a.tenant_id
         LEFT JOIN sign_in_policies sp ON sp.tenant_id = a.tenant_id
        WHERE lower(p.email) = lower($1) AND a.disabled_at IS NULL AND (p.left_on IS NULL OR p.left_on > $2::date)
        ORDER BY t.name`,
      [email, today, since],
    );
  }

  /**
   * The councils other than `exceptTenantId` in which this email, any case, has an enabled
   * account whose person is with the council on `today`: those a signed-in person may switch to.
   */
  async otherCouncils(
    _lookUp: AcrossCouncils<'council look-up'>,
    m: Queryable,
    email: string,
    exceptTenantId: string,
    today: string,
  ): Promise<{ slug: string; name: string }[]> {
    return m.query(
      `SELECT DISTINCT t.slug, t.name FROM staff_accounts a
         JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
         JOIN tenants t ON t.tenant_id = a.tenant_id
        WHERE lower(p.email) = lower($1) AND a.tenant_id <> $2 AND a.disabled_at IS NULL
          AND (p.left_on IS NULL OR p.left_on > $3::date)
        ORDER BY t.name, t.slug`,
      [email, exceptTenantId, today],
    );
  }

  /** The name of the council with this slug; null for none (`tenants` has no row security). */
  async councilNamed(
    _lookUp: AcrossCouncils<'council look-up'>,
    m: Queryable,
    slug: string,
  ): Promise<string | null> {
    const [row]: { name: string }[] = await m.query('SELECT name FROM tenants WHERE slug = $1', [
      slug,
    ]);
    return row?.name ?? null;
  }
}
