import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { StaffRole } from './staff-account.entity';

export interface StaffAccountRow {
  id: string;
  personId: string;
  name: string;
  email: string;
  role: StaffRole;
  createdAt: Date;
  disabledAt: Date | null;
}

export interface PersonWithoutAccount {
  id: string;
  name: string;
  email: string;
}

/** An account as an administrator's change reads it, locked. */
export interface LockedAccount {
  id: string;
  person_id: string;
  role: StaffRole;
  disabled_at: Date | null;
}

/** The staff_accounts table: who signs in, with which role, and whether they may. */
@Injectable()
export class StaffAccountsRepository {
  async list(scope: TenantScope, m: Queryable): Promise<StaffAccountRow[]> {
    return m.query(
      `SELECT a.id, a.person_id AS "personId", p.name, p.email, a.role, a.created_at AS "createdAt", a.disabled_at AS "disabledAt"
         FROM staff_accounts a JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
        WHERE a.tenant_id = $1 ORDER BY p.name, p.email`,
      [scope.tenantId],
    );
  }

  /** The people of the directory who have no staff account yet. */
  async peopleWithoutAccount(scope: TenantScope, m: Queryable): Promise<PersonWithoutAccount[]> {
    return m.query(
      `SELECT p.id, p.name, p.email FROM people p
        WHERE p.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM staff_accounts a WHERE a.person_id = p.id)
        ORDER BY p.name, p.email`,
      [scope.tenantId],
    );
  }

  /**
   * Locks the tenant's accounts in one order, so that two administrators changing each other at
   * the same moment take turns instead of both succeeding.
   */
  async lockAll(scope: TenantScope, m: Queryable): Promise<LockedAccount[]> {
    return m.query(
      `SELECT a.id, a.person_id, a.role, a.disabled_at FROM staff_accounts a
        WHERE a.tenant_id = $1 ORDER BY a.id FOR UPDATE`,
      [scope.tenantId],
    );
  }

  /** The person's account in the scope's council, if they have one (a person has at most one). */
  async idOfPerson(scope: TenantScope, m: Queryable, personId: string): Promise<string | null> {
    const [existing]: { id: string }[] = await m.query(
      'SELECT id FROM staff_accounts WHERE tenant_id = $1 AND person_id = $2',
      [scope.tenantId, personId],
    );
    return existing?.id ?? null;
  }

  /** The role of the person's account in the scope's council, unless it is disabled or there is none. */
  async activeRoleOf(
    scope: TenantScope,
    m: Queryable,
    personId: string,
  ): Promise<StaffRole | null> {
    const [account]: { role: StaffRole }[] = await m.query(
      'SELECT role FROM staff_accounts WHERE tenant_id = $1 AND person_id = $2 AND disabled_at IS NULL',
      [scope.tenantId, personId],
    );
    return account?.role ?? null;
  }

  /**
   * Another active account of `scope`'s council that signs in with this email. One email may have
   * an account in each of several councils (sign-in then asks which), never two in one.
   */
  async activeWithEmail(
    scope: TenantScope,
    m: Queryable,
    email: string,
    exceptAccountId: string | null,
  ): Promise<string | null> {
    const [clash]: { id: string }[] = await m.query(
      `SELECT a.id FROM staff_accounts a JOIN people p ON p.id = a.person_id
        WHERE a.tenant_id = $3 AND lower(p.email) = lower($1) AND a.disabled_at IS NULL AND a.id IS DISTINCT FROM $2::uuid`,
      [email, exceptAccountId, scope.tenantId],
    );
    return clash?.id ?? null;
  }

  /** The account's person when it is an enabled administrator's, else null. */
  async activeAdministrator(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
  ): Promise<{ personId: string; name: string } | null> {
    const [me]: { personId: string; name: string }[] = await m.query(
      `SELECT p.id AS "personId", p.name FROM staff_accounts a
         JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
        WHERE a.id = $1 AND a.tenant_id = $2 AND a.role = 'administrator' AND a.disabled_at IS NULL`,
      [accountId, scope.tenantId],
    );
    return me ?? null;
  }

  async setPasswordHash(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
    hash: string,
  ): Promise<void> {
    await m.query('UPDATE staff_accounts SET password_hash = $2 WHERE id = $1 AND tenant_id = $3', [
      accountId,
      hash,
      scope.tenantId,
    ]);
  }

  /**
   * The account's hash made again (same password, today's parameters), only while it is still
   * `was`: a password changed since it was read (a reset link used meanwhile) is kept.
   */
  async replacePasswordHash(
    scope: TenantScope,
    m: Queryable,
    accountId: string,
    was: string,
    hash: string,
  ): Promise<void> {
    await m.query(
      'UPDATE staff_accounts SET password_hash = $2 WHERE id = $1 AND tenant_id = $3 AND password_hash = $4',
      [accountId, hash, scope.tenantId, was],
    );
  }

  async insert(
    scope: TenantScope,
    m: Queryable,
    /** `passwordHash` null: no password yet (a new council's first administrator sets one by link). */
    a: { personId: string; role: StaffRole; passwordHash: string | null; at: Date },
  ): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO staff_accounts (tenant_id, person_id, role, password_hash, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [scope.tenantId, a.personId, a.role, a.passwordHash, a.at],
    );
    return row.id;
  }

  async setRole(scope: TenantScope, m: Queryable, accountId: string, role: StaffRole) {
    await m.query('UPDATE staff_accounts SET role = $2 WHERE id = $1 AND tenant_id = $3', [
      accountId,
      role,
      scope.tenantId,
    ]);
  }

  /** Disabled since `at`, or (null) enabled again. */
  async setDisabledAt(scope: TenantScope, m: Queryable, accountId: string, at: Date | null) {
    await m.query('UPDATE staff_accounts SET disabled_at = $2 WHERE id = $1 AND tenant_id = $3', [
      accountId,
      at,
      scope.tenantId,
    ]);
  }
}
