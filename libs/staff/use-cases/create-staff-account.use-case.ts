import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { scopeOf } from '../../core/tenant-scope';
import { zodProblems } from '../../core/zod-problems.service';
import { PersonRepository } from '../../directory/person.repository';
import { InvalidInputError } from '../../errors/domain.errors';
import { newAccountSchema } from '../staff-account-input.schema';
import { StaffAccountsRepository } from '../staff-accounts.repository';
import { StaffAdministration } from '../staff-administration.service';
import { PasswordHashing } from '../password-hashing.service';

/**
 * An administrator gives a person of the directory a local sign-in; `input` is {personId, role,
 * password}. The password is hashed as every local sign-in's is (StaffAuthService).
 */
@Injectable()
export class CreateStaffAccountUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly administration: StaffAdministration,
    private readonly accounts: StaffAccountsRepository,
    private readonly people: PersonRepository,
    private readonly passwords: PasswordHashing,
  ) {}

  async create(input: unknown, actor: Actor): Promise<{ accountId: string }> {
    const parsed = newAccountSchema.safeParse(input);
    if (!parsed.success)
      throw new InvalidInputError(
        'The account is not valid: fix the fields listed in problems.',
        zodProblems(parsed.error),
      );
    const a = parsed.data;
    const scope = scopeOf(actor);
    // Hashing takes a moment; done before the transaction so that no lock waits on it.
    const passwordHash = await this.passwords.hash(a.password);
    return this.ds.transaction(async (m) => {
      await this.administration.lockAsAdministrator(scope, m, actor);
      const person = await this.people.find(scopeOf(actor), m, a.personId);
      if (!person)
        throw new InvalidInputError('That person is not in your organisation’s directory.', [
          { path: 'personId', message: 'choose a person from your organisation’s directory' },
        ]);
      if (await this.accounts.idOfPerson(scope, m, a.personId))
        throw new InvalidInputError('That person already has a staff account.', [
          {
            path: 'personId',
            message: 'that person already has an account: change its role in the list instead',
          },
        ]);
      await this.administration.refuseSharedEmail(scope, m, person.email, null);
      const accountId = await this.accounts.insert(scope, m, {
        personId: a.personId,
        role: a.role,
        passwordHash,
        at: this.clock.now(),
      });
      return { accountId };
    });
  }
}
