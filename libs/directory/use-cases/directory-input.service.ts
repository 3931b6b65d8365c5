import { z } from 'zod';
import { zodProblems } from '../../core/zod-problems.service';
import { InvalidInputError } from '../../errors/domain.errors';
import { calendarDate } from '../../governance/working-day-calendar.service';

/** What the directory's requests and filters share: dates, versions, paging, and one way to refuse. */

export const directoryDate = calendarDate('use a calendar date such as 2026-12-03');

export const expectedVersion = z
  .number({ message: 'give expectedVersion, the version of the record you read' })
  .int('expectedVersion is a whole number')
  .positive('expectedVersion is the version you read, 1 or more');

export const uuidOf = (what: string) => z.uuid({ message: `${what} is an id (a UUID)` });

/** A query string's true or false. */
export const queryFlag = (name: string) =>
  z.enum(['true', 'false'], { message: `${name} is true or false` }).transform((v) => v === 'true');

export const paging = {
  limit: z.coerce
    .number({ message: 'limit is a number from 1 to 200' })
    .int('limit is a whole number')
    .min(1, 'limit is at least 1')
    .max(200, 'limit is at most 200')
    .default(50),
  offset: z.coerce
    .number({ message: 'offset is a number of records to skip' })
    .int('offset is a whole number')
    .min(0, 'offset is 0 or more')
    .default(0),
};

/** A page of a list: `next` is the following page's offset, null on the last page. */
export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  next: number | null;
}

/** Lists read one more row than the page holds, to know whether another page follows. */
export function pageOf<T>(rows: T[], limit: number, offset: number): Page<T> {
  return {
    items: rows.slice(0, limit),
    limit,
    offset,
    next: rows.length > limit ? offset + limit : null,
  };
}

/** `input` as `schema` reads it, or INVALID_INPUT naming every field to fix (nothing is written). */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success)
    throw new InvalidInputError(
      `The ${what} is not valid: fix the fields listed in problems.`,
      zodProblems(parsed.error),
    );
  return parsed.data;
}

/** The fields of a change other than its version: a change that names none changes nothing. */
export function changedFields<T extends Record<string, unknown>>(
  change: T,
): Omit<T, 'expectedVersion'> {
  const { expectedVersion: _v, ...fields } = change;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Omit<
    T,
    'expectedVersion'
  >;
}
