import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { OfficeRepository } from '../office.repository';
import { parseInput, uuidOf } from './directory-input.service';
import { checkOffice, officeTitle } from './office-rules.service';
import type { OfficeWithHistory } from './read-offices.use-case';
import { inTransaction } from './within-transaction.service';
import { OrganisationRepository } from '../organisation.repository';

export const newOfficeSchema = z
  .object({ title: officeTitle, organisationId: uuidOf('organisationId') })
  .strict();

/** An administrator adds an office; its holders are appointed to it afterwards. */
@Injectable()
export class CreateOfficeUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly offices: OfficeRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  /** `within`: the caller's open transaction, to write in (the demo seed). */
  async create(input: unknown, actor: Actor, within?: EntityManager): Promise<OfficeWithHistory> {
    const now = this.clock.now();
    const today = londonDate(now);
    const o = parseInput(newOfficeSchema, input, 'office');
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, today);
      await checkOffice(
        { offices: this.offices, organisations: this.organisations },
        m,
        actor.tenantId,
        o,
        null,
      );
      const created = await this.offices.insert(scopeOf(actor), m, o);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'office',
        subjectId: created.id,
        action: 'created',
        before: null,
        after: created,
      });
      return { ...created, on: today, holder: null, holders: [] };
    });
  }
}
