import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { zodProblems } from '../core/zod-problems.service';
import { DomainError, InvalidInputError, NotAuthorisedError } from '../errors/domain.errors';
import type { StaffRole } from './staff-account.entity';
import { StaffAuthService } from './staff-auth.service';

export const STAFF_ROLES = [
  'officer',
  'governance_lead',
  'administrator',
] as const satisfies readonly StaffRole[];

/** Long enough that a guessed or reused short password is not the way in. */
export const MIN_PASSWORD_LENGTH = 12;
/** Sign-in reads at most this much of a password; a longer one could never be typed in. */
export const MAX_PASSWORD_LENGTH = 1000;

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

/**
 * An administrator may not disable or demote their own account: the council would be left without
 * anyone who can undo it. The stable reason is in `rule`, as governance refusals carry theirs.
 */
export class OwnAccountProtectedError extends DomainError {
  constructor(detail: string) {
    super('NOT_AUTHORISED', 'You cannot change your own account this way', detail, {
      rule: 'OWN_ACCOUNT_PROTECTED',
    });
  }
}

export class StaffAccountNotFoundError extends InvalidInputError {
  constructor(accountId: string) {
    super(`There is no staff account ${accountId} in your organisation: reload the list.`, [
      { path: 'accountId', message: 'there is no such staff account in your organisation' },
    ]);
  }
}

const roleSchema = z.enum(STAFF_ROLES, { error: 'choose a role' });

const newAccountSchema = z
  .object({
    personId: z.uuid({ error: 'choose the person the account is for' }),
    role: roleSchema,
    password: z
      .string({ error: `enter a password of at least ${MIN_PASSWORD_LENGTH} characters` })
      .min(MIN_PASSWORD_LENGTH, {
        error: `use at least ${MIN_PASSWORD_LENGTH} characters in the password`,
      })
      .max(MAX_PASSWORD_LENGTH, {
        error: `use at most ${MAX_PASSWORD_LENGTH} characters in the password`,
      }),
  })
  .strict();

interface LockedAccount {
  id: string;
  person_id: string;
  role: StaffRole;
  disabled_at: Date | null;
}

/**
 * The staff accounts of a council, kept by its administrators: who has one, with which role, and
 * whether it may sign in. Passwords are hashed as every local sign-in's is (StaffAuthService).
 */
@Injectable()
export class StaffAccountsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(
    tenantId: string,
  ): Promise<{ accounts: StaffAccountRow[]; peopleWithoutAccount: PersonWithoutAccount[] }> {
    const accounts: StaffAccountRow[] = await this.ds.query(
      `SELECT a.id, a.person_id AS "personId", p.name, p.email, a.role, a.created_at AS "createdAt", a.disabled_at AS "disabledAt"
         FROM staff_accounts a JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
        WHERE a.tenant_id = $1 ORDER BY p.name, p.email`,
      [tenantId],
    );
    const peopleWithoutAccount: PersonWithoutAccount[] = await this.ds.query(
      `SELECT p.id, p.name, p.email FROM people p
        WHERE p.tenant_id = $1 AND NOT EXISTS (SELECT 1 FROM staff_accounts a WHERE a.person_id = p.id)
        ORDER BY p.name, p.email`,
      [tenantId],
    );
    return { accounts, peopleWithoutAccount };
  }

  /** Gives a person of the directory a local sign-in; `input` is {personId, role, password}. */
  async create(input: unknown, actor: Actor): Promise<{ accountId: string }> {
    const parsed = newAccountSchema.safeParse(input);
    if (!parsed.success)
      throw new InvalidInputError(
        'The account is not valid: fix the fields listed in problems.',
        zodProblems(parsed.error),
      );
    const a = parsed.data;
    // Hashing takes a moment; done before the transaction so that no lock waits on it.
    const passwordHash = await StaffAuthService.hashPassword(a.password);
    return this.ds.transaction(async (m) => {
      await this.lockAsAdministrator(m, actor);
      const [person]: { id: string; email: string }[] = await m.query(
        'SELECT id, email FROM people WHERE tenant_id = $1 AND id = $2',
        [actor.tenantId, a.personId],
      );
      if (!person)
        throw new InvalidInputError('That person is not in your organisation’s directory.', [
          { path: 'personId', message: 'choose a person from your organisation’s directory' },
        ]);
      const [existing]: { id: string }[] = await m.query(
        'SELECT id FROM staff_accounts WHERE person_id = $1',
        [a.personId],
      );
      if (existing)
        throw new InvalidInputError('That person already has a staff account.', [
          {
            path: 'personId',
            message: 'that person already has an account: change its role in the list instead',
          },
        ]);
      await this.refuseSharedEmail(m, person.email, null);
      const [row]: { id: string }[] = await m.query(
        `INSERT INTO staff_accounts (tenant_id, person_id, role, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [actor.tenantId, a.personId, a.role, passwordHash, this.clock.now()],
      );
      return { accountId: row.id };
    });
  }

  /** A new role takes effect at the account's next request: sessions read the role each time. */
  async changeRole(accountId: string, role: unknown, actor: Actor): Promise<void> {
    const parsed = roleSchema.safeParse(role);
    if (!parsed.success)
      throw new InvalidInputError('Choose one of the roles.', [
        { path: 'role', message: 'choose a role' },
      ]);
    await this.ds.transaction(async (m) => {
      const { self, accounts } = await this.lockAsAdministrator(m, actor);
      const target = this.findAccount(accounts, accountId);
      if (target.role === parsed.data) return;
      if (target.id === self.id)
        throw new OwnAccountProtectedError(
          'You cannot change your own role: ask another administrator, so that the council is never left without one.',
        );
      await m.query('UPDATE staff_accounts SET role = $2 WHERE id = $1', [target.id, parsed.data]);
    });
  }

  /** Disabling ends every session of the account at once; enabling lets it sign in again. */
  async setDisabled(accountId: string, disabled: boolean, actor: Actor): Promise<void> {
    await this.ds.transaction(async (m) => {
      const { self, accounts } = await this.lockAsAdministrator(m, actor);
      const target = this.findAccount(accounts, accountId);
      if (disabled) {
        if (target.id === self.id)
          throw new OwnAccountProtectedError(
            'You cannot disable your own account: ask another administrator.',
          );
        if (!target.disabled_at)
          await m.query('UPDATE staff_accounts SET disabled_at = $2 WHERE id = $1', [
            target.id,
            this.clock.now(),
          ]);
        await m.query('DELETE FROM staff_sessions WHERE account_id = $1', [target.id]);
        return;
      }
      if (!target.disabled_at) return;
      const [person]: { email: string }[] = await m.query(
        'SELECT email FROM people WHERE id = $1',
        [target.person_id],
      );
      await this.refuseSharedEmail(m, person.email, target.id);
      await m.query('UPDATE staff_accounts SET disabled_at = NULL WHERE id = $1', [target.id]);
    });
  }

  /**
   * Locks the tenant's accounts in one order, so that two administrators changing each other at
   * the same moment take turns instead of both succeeding (and leaving nobody able to administer).
   */
  private async lockAsAdministrator(
    m: EntityManager,
    actor: Actor,
  ): Promise<{ self: LockedAccount; accounts: LockedAccount[] }> {
    if (actor.kind !== 'person')
      throw new NotAuthorisedError('Staff accounts are kept by an administrator.');
    const accounts: LockedAccount[] = await m.query(
      `SELECT a.id, a.person_id, a.role, a.disabled_at FROM staff_accounts a
        WHERE a.tenant_id = $1 ORDER BY a.id FOR UPDATE`,
      [actor.tenantId],
    );
    const self = accounts.find((a) => a.person_id === actor.person.id);
    if (!self || self.disabled_at || self.role !== 'administrator')
      throw new NotAuthorisedError('Only an administrator keeps the staff accounts.');
    return { self, accounts };
  }

  private findAccount(accounts: LockedAccount[], accountId: string): LockedAccount {
    const target = accounts.find((a) => a.id === accountId);
    if (!target) throw new StaffAccountNotFoundError(accountId);
    return target;
  }

  /**
   * Sign-in finds an account by email alone, across councils; two active accounts with one email
   * would lock both people out, so the second is refused.
   */
  private async refuseSharedEmail(
    m: EntityManager,
    email: string,
    exceptAccountId: string | null,
  ): Promise<void> {
    const [clash]: { id: string }[] = await m.query(
      `SELECT a.id FROM staff_accounts a JOIN people p ON p.id = a.person_id
        WHERE lower(p.email) = lower($1) AND a.disabled_at IS NULL AND a.id IS DISTINCT FROM $2::uuid`,
      [email, exceptAccountId],
    );
    if (clash)
      throw new InvalidInputError(
        `Another active staff account signs in with ${email}: sign-in needs each email to be unique.`,
        [
          {
            path: 'personId',
            message: `another staff account already signs in with ${email}`,
          },
        ],
      );
  }
}
