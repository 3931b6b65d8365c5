import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DelegationRepository } from '../delegation.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { parseInput } from './directory-input.service';
import {
  checkGrantOf,
  delegationView,
  endOfDay,
  newDelegationSchema,
  startOfDay,
  type DelegationView,
} from './delegation-rules.service';
import { inTransaction } from './within-transaction.service';
import { BodyRepository } from '../body.repository';
import { OfficeRepository } from '../office.repository';

/**
 * An administrator records a delegation in the scheme: a body (whose rules let it delegate) or an
 * office (in its own right, never onward) gives an office of the council authority on a scope,
 * within a limit and conditions, for a period, with the minute or constitution reference. Granted
 * one at a time per council, so that two grants cannot make a cascade between them.
 */
@Injectable()
export class GrantDelegationUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly delegations: DelegationRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly bodies: BodyRepository,
    private readonly offices: OfficeRepository,
  ) {}

  /** `within`: the caller's open transaction, to write in (the demo seed). */
  async grant(input: unknown, actor: Actor, within?: EntityManager): Promise<DelegationView> {
    const now = this.clock.now();
    const g = parseInput(newDelegationSchema, input, 'delegation');
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, londonDate(now));
      await this.delegations.lockScheme(scopeOf(actor), m);
      const row = {
        delegatorBodyId: g.delegatorBodyId ?? null,
        delegatorOfficeId: g.delegatorOfficeId ?? null,
        delegateOfficeId: g.delegateOfficeId,
        scope: g.scope,
        reference: g.reference,
        amountLimit: g.amountLimit,
        conditions: g.conditions,
        validFrom: startOfDay(g.validFrom),
        validUntil: endOfDay(g.validUntil),
        revokedAt: null,
        revocationReference: null,
      };
      await checkGrantOf(
        { bodies: this.bodies, offices: this.offices, delegations: this.delegations },
        m,
        actor.tenantId,
        row,
        null,
      );
      const created = delegationView(await this.delegations.insert(scopeOf(actor), m, row), now);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'delegation',
        subjectId: created.id,
        action: 'granted',
        before: null,
        after: created,
      });
      return created;
    });
  }
}
