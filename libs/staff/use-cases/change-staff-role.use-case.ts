import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { scopeOf } from '../../core/tenant-scope';
import { InvalidInputError } from '../../errors/domain.errors';
import { OwnAccountProtectedError } from '../staff-account.errors';
import { roleSchema } from '../staff-account-input.schema';
import { StaffAccountsRepository } from '../staff-accounts.repository';
import { StaffAdministration } from '../staff-administration.service';

/** A new role takes effect at the account's next request: sessions read the role each time. */
@Injectable()
export class ChangeStaffRoleUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly administration: StaffAdministration,
    private readonly accounts: StaffAccountsRepository,
  ) {}

  async change(accountId: string, role: unknown, actor: Actor): Promise<void> {
    const parsed = roleSchema.safeParse(role);
    if (!parsed.success)
      throw new InvalidInputError('Choose one of the roles.', [
        { path: 'role', message: 'choose a role' },
      ]);
    const scope = scopeOf(actor);
    await this.ds.transaction(async (m) => {
      const { self, accounts } = await this.administration.lockAsAdministrator(scope, m, actor);
      const target = this.administration.findAccount(accounts, accountId);
      if (target.role === parsed.data) return;
      if (target.id === self.id)
        throw new OwnAccountProtectedError(
          'You cannot change your own role: ask another administrator, so that the council is never left without one.',
          'this is your own account, and changing your own role could leave the council without an administrator',
        );
      await this.accounts.setRole(scope, m, target.id, parsed.data);
    });
  }
}
