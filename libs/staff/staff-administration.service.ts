import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import type { TenantScope } from '../core/tenant-scope';
import { InvalidInputError, NotAuthorisedError } from '../errors/domain.errors';
import { StaffAccountNotFoundError } from './staff-account.errors';
import { StaffAccountsRepository, type LockedAccount } from './staff-accounts.repository';

/** What every change to the staff accounts checks first, in its transaction. */
@Injectable()
export class StaffAdministration {
  constructor(private readonly accounts: StaffAccountsRepository) {}

  /**
   * Locks the tenant's accounts in one order, so that two administrators changing each other at
   * the same moment take turns instead of both succeeding (and leaving nobody able to administer).
   */
  async lockAsAdministrator(
    scope: TenantScope,
    m: EntityManager,
    actor: Actor,
  ): Promise<{ self: LockedAccount; accounts: LockedAccount[] }> {
    if (actor.kind !== 'person')
      throw new NotAuthorisedError('Staff accounts are kept by an administrator.');
    const accounts = await this.accounts.lockAll(scope, m);
    const self = accounts.find((a) => a.person_id === actor.person.id);
    if (!self || self.disabled_at || self.role !== 'administrator')
      throw new NotAuthorisedError('Only an administrator keeps the staff accounts.');
    return { self, accounts };
  }

  findAccount(accounts: LockedAccount[], accountId: string): LockedAccount {
    const target = accounts.find((a) => a.id === accountId);
    if (!target) throw new StaffAccountNotFoundError(accountId);
    return target;
  }

  /**
   * Sign-in finds an account by email alone, across councils; two active accounts with one email
   * would lock both people out, so the second is refused.
   */
  async refuseSharedEmail(
    scope: TenantScope,
    m: EntityManager,
    email: string,
    exceptAccountId: string | null,
  ): Promise<void> {
    if (await this.accounts.activeWithEmail(scope, m, email, exceptAccountId))
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
