import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import { ORGANISATION_KIND_NAMES, type OrganisationKind } from '../organisation.entity';
import { OrganisationRecord, OrganisationRepository } from '../organisation.repository';
import { directoryDate, Page, pageOf, paging, parseInput, uuidOf } from './directory-input.service';

export const ORGANISATION_KINDS = Object.keys(ORGANISATION_KIND_NAMES) as OrganisationKind[];

/** An organisation as the API shows it: its record, its kind in words, whether active today. */
export interface OrganisationView extends OrganisationRecord {
  kindName: string;
  active: boolean;
}

export function organisationView(o: OrganisationRecord, today: string): OrganisationView {
  return {
    ...o,
    kindName: ORGANISATION_KIND_NAMES[o.kind] ?? o.kind,
    active: (!o.activeFrom || o.activeFrom <= today) && (!o.activeUntil || o.activeUntil >= today),
  };
}

const listQuery = z
  .object({
    kind: z
      .enum(ORGANISATION_KINDS, { message: `kind is one of ${ORGANISATION_KINDS.join(', ')}` })
      .optional(),
    q: z.string().trim().min(1).max(200).optional(),
    activeOn: directoryDate.optional(),
    ...paging,
  })
  .strict();

/** Officers, governance leads and administrators read the council's organisations. */
@Injectable()
export class ReadOrganisationsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly organisations: OrganisationRepository,
  ) {}

  async list(query: unknown, actor: Actor): Promise<Page<OrganisationView>> {
    const today = londonDate(this.clock.now());
    const f = parseInput(listQuery, query, 'filter');
    await this.access.reader(this.ds.manager, actor, today);
    const rows = await this.organisations.list(scopeOf(actor), this.ds.manager, {
      ...f,
      limit: f.limit + 1,
    });
    return pageOf(
      rows.map((o) => organisationView(o, today)),
      f.limit,
      f.offset,
    );
  }

  async get(id: string, actor: Actor): Promise<OrganisationView> {
    const today = londonDate(this.clock.now());
    await this.access.reader(this.ds.manager, actor, today);
    const o = uuidOf('id').safeParse(id).success
      ? await this.organisations.find(scopeOf(actor), this.ds.manager, id)
      : null;
    if (!o) throw new DirectoryRecordNotFoundError('organisation', id);
    return organisationView(o, today);
  }
}
