import { DomainError } from '../errors/domain.errors';
import { changedFirstSentence } from '../errors/changed-first.errors';

/**
 * A directory record the caller asked for by id is not in their council's directory: another
 * council's record reads exactly as one that does not exist.
 */
export class DirectoryRecordNotFoundError extends DomainError {
  constructor(subject: string, id: string) {
    super(
      'DIRECTORY_RECORD_NOT_FOUND',
      `No such ${subject}`,
      `There is no ${subject} ${id} in your council's directory: check the id.`,
      { subject },
    );
  }
}

/**
 * Two administrators editing one record: the second sent the version they read, which the first
 * has since changed. Nothing is overwritten.
 */
export class DirectoryVersionConflictError extends DomainError {
  constructor(subject: string, id: string, expected: number, actual: number) {
    super(
      'VERSION_CONFLICT',
      `The ${subject} has changed since you read it`,
      changedFirstSentence(`${subject} ${id}`, {
        seen: 'read it',
        since: `you sent version ${expected}; it is at version ${actual}`,
      }),
      { subject, currentVersion: actual },
    );
  }
}
