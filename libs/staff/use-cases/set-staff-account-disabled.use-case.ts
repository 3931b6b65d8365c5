import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { scopeOf } from '../../core/tenant-scope';
import { PersonRepository } from '../../directory/person.repository';
import { OwnAccountProtectedError } from '../staff-account.errors';
import { StaffAccountsRepository } from '../staff-accounts.repository';
import { StaffAdministration } from '../staff-administration.service';
import { StaffSessionsRepository } from '../staff-sessions.repository';

/** Disabling ends every session of the account at once; enabling lets it sign in again. */
@Injectable()
export class SetStaffAccountDisabledUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly administration: StaffAdministration,
    private readonly accounts: StaffAccountsRepository,
    private readonly sessions: StaffSessionsRepository,
    private readonly people: PersonRepository,
  ) {}

  async set(accountId: string, disabled: boolean, actor: Actor): Promise<void> {
    const scope = scopeOf(actor);
    await this.ds.transaction(async (m) => {
      const { self, accounts } = await this.administration.lockAsAdministrator(scope, m, actor);
      const target = this.administration.findAccount(accounts, accountId);
      if (disabled) {
        if (target.id === self.id)
          throw new OwnAccountProtectedError(
            'You cannot disable your own account: ask another administrator.',
            'this is your own account, and only another administrator could enable it again',
          );
        if (!target.disabled_at)
          await this.accounts.setDisabledAt(scope, m, target.id, this.clock.now());
        await this.sessions.endAll(scope, m, target.id);
        return;
      }
      if (!target.disabled_at) return;
      const person = await this.people.find(scopeOf(actor), m, target.person_id);
      await this.administration.refuseSharedEmail(scope, m, person!.email, target.id);
      await this.accounts.setDisabledAt(scope, m, target.id, null);
    });
  }
}
