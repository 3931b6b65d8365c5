import {
  DomainError,
  GovernanceRuleError,
  NotAuthorisedError,
  VersionConflictError,
} from '../../../libs/errors/domain.errors';
import { OwnAccountProtectedError } from '../../../libs/staff/staff-account.errors';
import { refusalDetail, refusalSentence } from './refusal.presenter';

/*
 * A refusal says which rule refused (by its name, never its code), what that means in this case,
 * and what the person can do: one shape for every page and for the API's `detail`.
 */
describe('a refusal in words', () => {
  it('names the rule, says what it means here with its dates in words, and what to do next', () => {
    const e = new GovernanceRuleError(
      'RECORDED_DATE_IN_THE_FUTURE',
      'This cannot be recorded: the submission is dated 2026-12-07. Nothing was recorded.',
      [
        'the submission is dated 2026-12-07, after today, 2026-12-06 (London)',
        'the record holds what has happened: record it on or after the day it happens',
      ],
    );

    expect(refusalSentence(e)).toBe(
      'The rule “A recorded date is not after today” refuses this: the submission is dated Monday 7 December 2026, after today, Sunday 6 December 2026 (London). ' +
        'The record holds what has happened: record it on or after the day it happens. ' +
        'Nothing was recorded: change what you entered so the rule is met, or ask your governance lead.',
    );
  });

  it('never shows a rule’s code, even for a rule with no name yet', () => {
    const e = new GovernanceRuleError('SOME_RULE_NOT_YET_NAMED', 'Refused.', ['it is refused']);

    const text = refusalSentence(e);

    expect(text).not.toMatch(/SOME_RULE|_/);
    expect(text).toMatch(
      /^The rule “A governance rule” refuses this: it is refused\. Nothing was recorded: /,
    );
  });

  it('says what to do where the rule itself does: a paused case is resumed first', () => {
    const e = new GovernanceRuleError('CASE_PAUSED', 'Paused.', ['the case is paused']);

    expect(refusalSentence(e)).toBe(
      'The rule “A paused case takes no steps” refuses this: the case is paused. Nothing was recorded: resume the case first, then record the step.',
    );
  });

  it('states a version conflict and a lack of authority in the same shape, with no id', () => {
    const conflict = new VersionConflictError('0b6c1c59-3f1c-4c1e-9d0e-2f1b3a4c5d6e', 3, 4);

    expect(refusalSentence(conflict, 'case')).toBe(
      'This case was changed after you opened this page, so nothing was recorded: check it as it is now, then make your change again.',
    );
    expect(refusalSentence(new NotAuthorisedError('Only the decision maker may decide.'))).toBe(
      'You have no authority for this: only the decision maker may decide. Nothing was recorded: ask someone who holds the authority, or your governance lead.',
    );
  });

  it('leaves any other domain error as its own sentence', () => {
    const e = new DomainError('CASE_NOT_FOUND', 'No such case', 'There is no such case.');

    expect(refusalSentence(e)).toBe('There is no such case.');
  });

  it('says which linked case a refusal is about before the rule’s lines, by its reference', () => {
    const e = new GovernanceRuleError(
      'NO_CHAIR_TO_SIGN_THE_MINUTES',
      'The case SCC-2026-0007 that is the minutes of Cabinet cannot take this approval.',
      ['no chair of the Cabinet holds the seat on 2026-12-01'],
      {
        caseId: '0b6c1c59-3f1c-4c1e-9d0e-2f1b3a4c5d6e',
        context: 'the case SCC-2026-0007 that is the minutes of Cabinet cannot take this approval',
      },
    );

    expect(refusalSentence(e)).toBe(
      'The rule “Minutes are signed by a chair” refuses this: the case SCC-2026-0007 that is the minutes of Cabinet cannot take this approval. ' +
        'No chair of the Cabinet holds the seat on Tuesday 1 December 2026. ' +
        'Nothing was recorded: change what you entered so the rule is met, or ask your governance lead.',
    );
  });

  it('names a rule outside governance the same way, where its error carries the rule’s code', () => {
    const e = new OwnAccountProtectedError(
      'You cannot disable your own account: ask another administrator.',
      'this is your own account, and only another administrator could enable it again',
    );

    expect(refusalDetail(e)).toBe(
      'The rule “Administrators do not disable or demote their own account” refuses this: this is your own account, and only another administrator could enable it again. Nothing was recorded: ask another administrator to do it.',
    );
    expect(
      refusalDetail(new NotAuthorisedError('Only an administrator keeps the staff accounts.')),
    ).toBe('Only an administrator keeps the staff accounts.');
  });
});
