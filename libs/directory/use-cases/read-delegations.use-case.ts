import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DelegationRepository } from '../delegation.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import {
  delegationView,
  endOfDay,
  startOfDay,
  type DelegationView,
} from './delegation-rules.service';
import { directoryDate, Page, pageOf, paging, parseInput, uuidOf } from './directory-input.service';

const listQuery = z
  .object({
    inForceOn: directoryDate.optional().describe('in force at some time on this day'),
    delegateOfficeId: uuidOf('delegateOfficeId').optional(),
    bodyId: uuidOf('bodyId').optional().describe('granted by this body'),
    officeId: uuidOf('officeId').optional().describe('granted by this office'),
    scope: z.string().trim().min(1).max(80).optional(),
    ...paging,
  })
  .strict();

/**
 * Officers, governance leads and administrators read the scheme of delegation: every delegation
 * ever granted (revoked ones too, so that past acts can be checked), or those in force on a day.
 */
@Injectable()
export class ReadDelegationsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly delegations: DelegationRepository,
  ) {}

  async list(query: unknown, actor: Actor): Promise<Page<DelegationView>> {
    const now = this.clock.now();
    const f = parseInput(listQuery, query, 'filter');
    await this.access.reader(this.ds.manager, actor, londonDate(now));
    const rows = await this.delegations.list(scopeOf(actor), this.ds.manager, {
      inForce: f.inForceOn
        ? { from: startOfDay(f.inForceOn), until: endOfDay(f.inForceOn)! }
        : undefined,
      delegateOfficeId: f.delegateOfficeId,
      delegatorBodyId: f.bodyId,
      delegatorOfficeId: f.officeId,
      scope: f.scope,
      limit: f.limit + 1,
      offset: f.offset,
    });
    return pageOf(
      rows.map((d) => delegationView(d, now)),
      f.limit,
      f.offset,
    );
  }

  async get(id: string, actor: Actor): Promise<DelegationView> {
    const now = this.clock.now();
    await this.access.reader(this.ds.manager, actor, londonDate(now));
    const d = uuidOf('id').safeParse(id).success
      ? await this.delegations.find(scopeOf(actor), this.ds.manager, id)
      : null;
    if (!d) throw new DirectoryRecordNotFoundError('delegation', id);
    return delegationView(d, now);
  }
}
