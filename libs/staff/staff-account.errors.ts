import { DomainError, InvalidInputError } from '../errors/domain.errors';

/**
 * An administrator may not disable or demote their own account: the council would be left without
 * anyone who can undo it. The stable reason is in `rule`, as governance refusals carry theirs.
 */
export class OwnAccountProtectedError extends DomainError {
  /** `why`: what this change would do, the line the page's refusal gives after the rule's name. */
  constructor(detail: string, why: string) {
    super('NOT_AUTHORISED', 'You cannot change your own account this way', detail, {
      rule: 'OWN_ACCOUNT_PROTECTED',
      explanation: [why],
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
