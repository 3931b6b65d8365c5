import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { InvalidInputError } from '../../errors/domain.errors';
import {
  endOfLondonDay,
  londonDate,
  londonTime,
} from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import {
  type DirectoryChainFinding,
  type StoredDirectoryChange,
  verifyDirectoryChain,
} from '../directory-change-chain.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { directoryDate, paging, parseInput, uuidOf } from './directory-input.service';
import { scopeOf } from '../../core/tenant-scope';

export const directoryChangesQuery = z
  .object({
    subject: z
      .string()
      .trim()
      .regex(/^[a-zA-Z]{1,50}$/, 'subject is a kind of record, such as person')
      .optional(),
    personId: uuidOf('personId').optional(),
    subjectId: uuidOf('subjectId').optional().describe('changes to this one record'),
    from: directoryDate.optional().describe('changes on or after this London day'),
    to: directoryDate.optional().describe('changes on or before this London day'),
    before: z.coerce
      .number({ message: 'before is the number of a change' })
      .int('before is a whole number')
      .positive('before is 1 or more')
      .optional()
      .describe('changes numbered below this one: the next page of a newest-first list'),
    limit: paging.limit,
  })
  .strict();

/** A page of changes, newest first, with the names of the records they mention. */
export interface DirectoryChangesPage {
  items: StoredDirectoryChange[];
  /** `before` for the next (older) page; null on the last. */
  next: number | null;
  /** Names of organisations, people, offices and bodies the changes name by id. */
  names: Record<string, string>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every id a change's before and after name, down to a body's rules (the organisation of each of
 * its constituencies: after.rules.constituencies[n].organisationId, four levels down).
 */
function idsIn(value: unknown, into: Set<string>, depth = 0): void {
  if (typeof value === 'string' && UUID.test(value)) into.add(value);
  else if (value && typeof value === 'object' && depth < 4)
    for (const v of Object.values(value)) idsIn(v, into, depth + 1);
}

/**
 * Officers, governance leads and administrators read the council's record of directory changes:
 * who changed what and when, before and after, filtered, and whether the chain still verifies.
 */
@Injectable()
export class ReadDirectoryChangesUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly changes: DirectoryChangeRepository,
  ) {}

  async list(query: unknown, actor: Actor): Promise<DirectoryChangesPage> {
    const f = parseInput(directoryChangesQuery, query, 'filter');
    if (f.from && f.to && f.to < f.from)
      throw new InvalidInputError('The filter is not valid: fix the fields listed in problems.', [
        { path: 'to', message: `the last day (${f.to}) is before the first (${f.from})` },
      ]);
    const m = this.ds.manager;
    await this.access.reader(m, actor, londonDate(this.clock.now()));
    const rows = await this.changes.list(scopeOf(actor), m, {
      subject: f.subject,
      personId: f.personId,
      subjectId: f.subjectId,
      from: f.from ? londonTime(f.from, 0) : undefined,
      to: f.to ? endOfLondonDay(f.to) : undefined,
      beforeSeq: f.before,
      limit: f.limit + 1,
    });
    const items = rows.slice(0, f.limit);
    const ids = new Set<string>();
    for (const c of items) {
      ids.add(c.subjectId);
      idsIn(c.before, ids);
      idsIn(c.after, ids);
    }
    const names = await this.changes.namesOf(scopeOf(actor), m, [...ids]);
    return {
      items,
      next: rows.length > f.limit ? items[items.length - 1].seq : null,
      names: Object.fromEntries(names),
    };
  }

  /** The people who have changed the directory, for a filter. */
  async changers(actor: Actor): Promise<{ personId: string; name: string }[]> {
    await this.access.reader(this.ds.manager, actor, londonDate(this.clock.now()));
    const people = await this.changes.people(scopeOf(actor), this.ds.manager);
    return people.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Whether the council's chain of changes is whole: each follows from the one before, none removed. */
  async verify(actor: Actor): Promise<DirectoryChainFinding> {
    await this.access.reader(this.ds.manager, actor, londonDate(this.clock.now()));
    const { changes, head } = await this.changes.chain(scopeOf(actor), this.ds.manager);
    return verifyDirectoryChain(changes, head);
  }
}
