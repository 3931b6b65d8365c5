import { Module } from '@nestjs/common';
import { PasswordHashing } from './password-hashing.service';
import { StaffAccountsRepository } from './staff-accounts.repository';
import { StaffAdministration } from './staff-administration.service';
import { StaffSessionsRepository } from './staff-sessions.repository';
import { ChangeStaffRoleUseCase } from './use-cases/change-staff-role.use-case';
import { CreateStaffAccountUseCase } from './use-cases/create-staff-account.use-case';
import { ListStaffAccountsUseCase } from './use-cases/list-staff-accounts.use-case';
import { SetStaffAccountDisabledUseCase } from './use-cases/set-staff-account-disabled.use-case';

const USE_CASES = [
  ListStaffAccountsUseCase,
  CreateStaffAccountUseCase,
  ChangeStaffRoleUseCase,
  SetStaffAccountDisabledUseCase,
];

/**
 * The council's staff accounts as its administrators keep them, wired once, with the accounts' and
 * sessions' repositories and the one PasswordHashing of the process (sign-in uses them too); the directory's come from the engine (global).
 */
@Module({
  providers: [
    ...USE_CASES,
    StaffAccountsRepository,
    StaffSessionsRepository,
    StaffAdministration,
    PasswordHashing,
  ],
  exports: [...USE_CASES, StaffAccountsRepository, StaffSessionsRepository, PasswordHashing],
})
export class StaffAccountsModule {}
