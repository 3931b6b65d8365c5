import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { OrganisationRepository } from '../organisation.repository';
import { directoryDate, parseInput } from './directory-input.service';
import { checkOrganisation, organisationKind } from './organisation-rules.service';
import { OrganisationView, organisationView } from './read-organisations.use-case';
import { inTransaction } from './within-transaction.service';

export const newOrganisationSchema = z
  .object({
    name: z
      .string({ message: 'give the organisation’s name' })
      .trim()
      .min(1, 'give the organisation’s name')
      .max(200, 'use at most 200 characters in the name'),
    kind: organisationKind,
    activeFrom: directoryDate.nullable().default(null),
    activeUntil: directoryDate.nullable().default(null),
  })
  .strict();

/** An administrator adds a partner organisation to the council's directory. */
@Injectable()
export class CreateOrganisationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly organisations: OrganisationRepository,
    private readonly changes: DirectoryChangeRepository,
  ) {}

  /** `within`: the caller's open transaction, to write in (the demo seed). */
  async create(input: unknown, actor: Actor, within?: EntityManager): Promise<OrganisationView> {
    const now = this.clock.now();
    const today = londonDate(now);
    const o = parseInput(newOrganisationSchema, input, 'organisation');
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, today);
      await checkOrganisation({ organisations: this.organisations }, m, actor.tenantId, o, null);
      const created = await this.organisations.insert(scopeOf(actor), m, o);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'organisation',
        subjectId: created.id,
        action: 'created',
        before: null,
        after: created,
      });
      return organisationView(created, today);
    });
  }
}
