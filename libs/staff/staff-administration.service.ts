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
   * Within one council an email signs in to one account: a second would leave sign-in unable to
   * tell them apart. Another council's account with the same email is that council's own.
   */
  async refuseSharedEmail(
    scope: TenantScope,
    m: EntityManager,
    email: string,
    exceptAccountId: string | null,
  ): Promise<void> {
    if (await this.accounts.activeWithEmail(scope, m, email, exceptAccountId))
      throw new InvalidInputError(
        `Another active staff account of this council signs in with ${email}: give each account its own email.`,
        [
          {
            path: 'personId',
            message: `another staff account already signs in with ${email}`,
          },
        ],
      );
  }
}
