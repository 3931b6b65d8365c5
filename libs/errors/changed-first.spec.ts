import { DirectoryVersionConflictError } from '../directory/directory.errors';
import { changedFirstSentence } from './changed-first.errors';
import { VersionConflictError } from './domain.errors';

/*
 * "Someone changed this first" reads as one sentence wherever it is said: what happened, that
 * nothing was recorded, what to do (the developers' brief: one wording, pages and API alike).
 */
describe('a change refused because the record changed first', () => {
  it('says so in the same sentence on a page and in the API, the API with the versions', () => {
    expect(changedFirstSentence('this case')).toBe(
      'This case was changed after you opened this page, so nothing was recorded: check it as it is now, then make your change again.',
    );
    expect(new VersionConflictError('c-1', 3, 5).detail).toBe(
      'Case c-1 was changed after you read it (you sent version 3; it is at version 5), so nothing was recorded: check it as it is now, then make your change again.',
    );
    expect(new DirectoryVersionConflictError('person', 'p-1', 2, 3).detail).toBe(
      'Person p-1 was changed after you read it (you sent version 2; it is at version 3), so nothing was recorded: check it as it is now, then make your change again.',
    );
  });

  it('keeps the stable code, title and current version beside the sentence', () => {
    const e = new VersionConflictError('c-1', 3, 5);

    expect([e.code, e.title, e.extra]).toEqual([
      'VERSION_CONFLICT',
      'The case has changed since you read it',
      { currentVersion: 5 },
    ]);
  });
});
