import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tenantScope } from '../../core/tenant-scope';
import {
  StaffAccountsRepository,
  type PersonWithoutAccount,
  type StaffAccountRow,
} from '../staff-accounts.repository';

/** The council's staff accounts, and the people of its directory who could be given one. */
@Injectable()
export class ListStaffAccountsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly accounts: StaffAccountsRepository,
  ) {}

  async list(
    tenantId: string,
  ): Promise<{ accounts: StaffAccountRow[]; peopleWithoutAccount: PersonWithoutAccount[] }> {
    const scope = tenantScope(tenantId);
    const accounts = await this.accounts.list(scope, this.ds.manager);
    const peopleWithoutAccount = await this.accounts.peopleWithoutAccount(scope, this.ds.manager);
    return { accounts, peopleWithoutAccount };
  }
}
