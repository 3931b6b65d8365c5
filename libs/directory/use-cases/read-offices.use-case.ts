import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { holderOn } from '../../governance/office-holdings.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import { HoldingRecord, OfficeOnDay, OfficeRepository } from '../office.repository';
import {
  directoryDate,
  Page,
  pageOf,
  paging,
  parseInput,
  queryFlag,
  uuidOf,
} from './directory-input.service';

/** An office with its holder on the day asked about (`on`, today unless given). */
export interface OfficeView extends OfficeOnDay {
  on: string;
}

/** An office with its holder on the day and every holding, latest first. */
export interface OfficeWithHistory extends OfficeView {
  holders: HoldingRecord[];
}

const onQuery = { on: directoryDate.optional() };

const listQuery = z
  .object({
    organisationId: uuidOf('organisationId').optional(),
    q: z.string().trim().min(1).max(200).optional(),
    held: queryFlag('held').optional(),
    ...onQuery,
    ...paging,
  })
  .strict();

/** Officers, governance leads and administrators read the council's offices and who held them. */
@Injectable()
export class ReadOfficesUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly offices: OfficeRepository,
  ) {}

  async list(query: unknown, actor: Actor): Promise<Page<OfficeView>> {
    const today = londonDate(this.clock.now());
    const f = parseInput(listQuery, query, 'filter');
    await this.access.reader(this.ds.manager, actor, today);
    const on = f.on ?? today;
    const rows = await this.offices.list(scopeOf(actor), this.ds.manager, {
      organisationId: f.organisationId,
      q: f.q,
      held: f.held,
      on,
      limit: f.limit + 1,
      offset: f.offset,
    });
    return pageOf(
      rows.map((o) => ({ ...o, on })),
      f.limit,
      f.offset,
    );
  }

  async get(id: string, query: unknown, actor: Actor): Promise<OfficeWithHistory> {
    const today = londonDate(this.clock.now());
    const { on = today } = parseInput(z.object(onQuery).strict(), query, 'filter');
    await this.access.reader(this.ds.manager, actor, today);
    const office = uuidOf('id').safeParse(id).success
      ? await this.offices.find(scopeOf(actor), this.ds.manager, id)
      : null;
    if (!office) throw new DirectoryRecordNotFoundError('office', id);
    const holders = await this.offices.holdings(scopeOf(actor), this.ds.manager, id);
    return { ...office, on, holder: holderOn(holders, on), holders };
  }
}
