import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import { OrganisationRecord, OrganisationRepository } from '../organisation.repository';
import {
  changedFields,
  directoryDate,
  expectedVersion,
  parseInput,
} from './directory-input.service';
import { checkOrganisation, organisationKind } from './organisation-rules.service';
import { OrganisationView, organisationView } from './read-organisations.use-case';
import { inTransaction } from './within-transaction.service';

export const organisationChangeSchema = z
  .object({
    expectedVersion,
    name: z
      .string()
      .trim()
      .min(1, 'give the organisation’s name')
      .max(200, 'use at most 200 characters in the name')
      .optional(),
    kind: organisationKind.optional(),
    activeFrom: directoryDate.nullable().optional(),
    activeUntil: directoryDate.nullable().optional(),
  })
  .strict();

export const endOrganisationSchema = z
  .object({ expectedVersion, on: directoryDate.describe('the last day it is a partner') })
  .strict();

/**
 * An administrator changes an organisation (name, kind, active dates) or ends it (its last day as
 * a partner), at the version they read. Older cases keep the organisation as it was on their day
 * through the record of changes.
 */
@Injectable()
export class ChangeOrganisationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly organisations: OrganisationRepository,
    private readonly changes: DirectoryChangeRepository,
  ) {}

  /** `within`: the caller's open transaction, to write in (the demo seed). */
  async change(
    id: string,
    input: unknown,
    actor: Actor,
    within?: EntityManager,
  ): Promise<OrganisationView> {
    const c = parseInput(organisationChangeSchema, input, 'change');
    return this.write(id, c.expectedVersion, actor, 'changed', within, (o) => ({
      ...o,
      ...changedFields(c),
    }));
  }

  async end(id: string, input: unknown, actor: Actor): Promise<OrganisationView> {
    const c = parseInput(endOrganisationSchema, input, 'ending');
    return this.write(id, c.expectedVersion, actor, 'ended', undefined, (o) => ({
      ...o,
      activeUntil: c.on,
    }));
  }

  private async write(
    id: string,
    version: number,
    actor: Actor,
    action: string,
    within: EntityManager | undefined,
    apply: (o: OrganisationRecord) => OrganisationRecord,
  ): Promise<OrganisationView> {
    const now = this.clock.now();
    const today = londonDate(now);
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const before = z.uuid().safeParse(id).success
        ? await this.organisations.find(scopeOf(actor), m, id, { lock: true })
        : null;
      if (!before) throw new DirectoryRecordNotFoundError('organisation', id);
      if (before.version !== version)
        throw new DirectoryVersionConflictError('organisation', id, version, before.version);
      const wanted = apply(before);
      await checkOrganisation({ organisations: this.organisations }, m, actor.tenantId, wanted, id);
      if (JSON.stringify(wanted) === JSON.stringify(before)) return organisationView(before, today);
      const after = await this.organisations.update(scopeOf(actor), m, wanted);
      if (!after) throw new DirectoryVersionConflictError('organisation', id, version, version + 1);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'organisation',
        subjectId: id,
        action,
        before,
        after,
      });
      return organisationView(after, today);
    });
  }
}
