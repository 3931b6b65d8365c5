import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { checkAmendment } from '../../governance/delegation-scheme.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DelegationRepository } from '../delegation.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import { parseInput } from './directory-input.service';
import {
  checkGrantOf,
  delegationAmendmentSchema,
  delegationView,
  endOfDay,
  refuseScheme,
  startOfDay,
  type DelegationView,
} from './delegation-rules.service';
import { BodyRepository } from '../body.repository';
import { OfficeRepository } from '../office.repository';

/**
 * An administrator amends a delegation (scope, reference, limit, conditions, period) at the
 * version they read. What was in force when anyone acted stands: the record of changes keeps the
 * terms before and after, cases keep the authority they acted under, and an amendment that would
 * move a start already passed, or end it in the past, is refused. A revoked or ended delegation
 * is not amended: a new one is granted.
 */
@Injectable()
export class AmendDelegationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly delegations: DelegationRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly bodies: BodyRepository,
    private readonly offices: OfficeRepository,
  ) {}

  async amend(id: string, input: unknown, actor: Actor): Promise<DelegationView> {
    const now = this.clock.now();
    const a = parseInput(delegationAmendmentSchema, input, 'amendment');
    return this.ds.transaction(async (m) => {
      const by = await this.access.administrator(m, actor, londonDate(now));
      await this.delegations.lockScheme(scopeOf(actor), m);
      const before = z.uuid().safeParse(id).success
        ? await this.delegations.find(scopeOf(actor), m, id, { lock: true })
        : null;
      if (!before) throw new DirectoryRecordNotFoundError('delegation', id);
      if (before.version !== a.expectedVersion)
        throw new DirectoryVersionConflictError(
          'delegation',
          id,
          a.expectedVersion,
          before.version,
        );
      const after = {
        ...before,
        scope: a.scope ?? before.scope,
        reference: a.reference ?? before.reference,
        amountLimit: a.amountLimit === undefined ? before.amountLimit : a.amountLimit,
        conditions: a.conditions ?? before.conditions,
        validFrom: a.validFrom === undefined ? before.validFrom : startOfDay(a.validFrom),
        validUntil: a.validUntil === undefined ? before.validUntil : endOfDay(a.validUntil),
      };
      const beforeView = delegationView(before, now);
      if (JSON.stringify(delegationView(after, now)) === JSON.stringify(beforeView))
        return beforeView;
      const history = checkAmendment(before, after, now);
      if (!history.ok) refuseScheme('The delegation cannot be amended', history);
      await checkGrantOf(
        { bodies: this.bodies, offices: this.offices, delegations: this.delegations },
        m,
        actor.tenantId,
        after,
        id,
      );
      const written = await this.delegations.update(scopeOf(actor), m, id, before.version, after);
      if (!written)
        throw new DirectoryVersionConflictError(
          'delegation',
          id,
          a.expectedVersion,
          before.version + 1,
        );
      const amended = delegationView(written, now);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'delegation',
        subjectId: id,
        action: 'amended',
        before: beforeView,
        after: amended,
      });
      return amended;
    });
  }
}
