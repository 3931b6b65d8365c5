import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { holderOn } from '../../governance/office-holdings.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import { OfficeRepository } from '../office.repository';
import { changedFields, expectedVersion, parseInput, uuidOf } from './directory-input.service';
import { checkOffice, officeTitle } from './office-rules.service';
import type { OfficeWithHistory } from './read-offices.use-case';
import { OrganisationRepository } from '../organisation.repository';

export const officeChangeSchema = z
  .object({
    expectedVersion,
    title: officeTitle.optional(),
    organisationId: uuidOf('organisationId').optional(),
  })
  .strict();

/**
 * An administrator renames an office or moves it to another organisation, at the version they
 * read. Cases name the office by id, so they follow it; the record of changes keeps the old title.
 */
@Injectable()
export class ChangeOfficeUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly offices: OfficeRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  async change(id: string, input: unknown, actor: Actor): Promise<OfficeWithHistory> {
    const now = this.clock.now();
    const today = londonDate(now);
    const c = parseInput(officeChangeSchema, input, 'change');
    return this.ds.transaction(async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const before = uuidOf('id').safeParse(id).success
        ? await this.offices.find(scopeOf(actor), m, id, { lock: true })
        : null;
      if (!before) throw new DirectoryRecordNotFoundError('office', id);
      if (before.version !== c.expectedVersion)
        throw new DirectoryVersionConflictError('office', id, c.expectedVersion, before.version);
      const wanted = { ...before, ...changedFields(c) };
      await checkOffice(
        { offices: this.offices, organisations: this.organisations },
        m,
        actor.tenantId,
        wanted,
        id,
      );
      let after = before;
      if (JSON.stringify(wanted) !== JSON.stringify(before)) {
        const updated = await this.offices.update(scopeOf(actor), m, wanted);
        if (!updated)
          throw new DirectoryVersionConflictError(
            'office',
            id,
            c.expectedVersion,
            before.version + 1,
          );
        after = updated;
        await this.changes.record(scopeOf(actor), m, {
          at: now,
          actor: by,
          subject: 'office',
          subjectId: id,
          action: 'changed',
          before,
          after,
        });
      }
      const holders = await this.offices.holdings(scopeOf(actor), m, id);
      return { ...after, on: today, holder: holderOn(holders, today), holders };
    });
  }
}
