import { Injectable } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import { PersonRecord, PersonRepository } from '../person.repository';
import { Page, pageOf, paging, parseInput, queryFlag, uuidOf } from './directory-input.service';

/** A person as the API shows them: their record and whether they are with the council today. */
export interface PersonView extends PersonRecord {
  active: boolean;
}

export function personView(p: PersonRecord, today: string): PersonView {
  return { ...p, active: !p.leftOn || p.leftOn > today };
}

const listQuery = z
  .object({
    organisationId: uuidOf('organisationId').optional(),
    q: z.string().trim().min(1).max(200).optional(),
    email: z.string().trim().min(1).max(320).optional(),
    electedMember: queryFlag('electedMember').optional(),
    officer: queryFlag('officer').optional(),
    status: z.enum(['active', 'left'], { message: 'status is active or left' }).optional(),
    ...paging,
  })
  .strict();

/** Officers, governance leads and administrators read the council's people. */
@Injectable()
export class ReadPeopleUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly people: PersonRepository,
  ) {}

  async list(query: unknown, actor: Actor): Promise<Page<PersonView>> {
    const today = londonDate(this.clock.now());
    const f = parseInput(listQuery, query, 'filter');
    await this.access.reader(this.ds.manager, actor, today);
    const rows = await this.people.list(scopeOf(actor), this.ds.manager, {
      organisationId: f.organisationId,
      q: f.q,
      email: f.email,
      isElectedMember: f.electedMember,
      isOfficer: f.officer,
      status: f.status ? { on: today, is: f.status } : undefined,
      limit: f.limit + 1,
      offset: f.offset,
    });
    return pageOf(
      rows.map((p) => personView(p, today)),
      f.limit,
      f.offset,
    );
  }

  async get(id: string, actor: Actor): Promise<PersonView> {
    const today = londonDate(this.clock.now());
    await this.access.reader(this.ds.manager, actor, today);
    const p = uuidOf('id').safeParse(id).success
      ? await this.people.find(scopeOf(actor), this.ds.manager, id)
      : null;
    if (!p) throw new DirectoryRecordNotFoundError('person', id);
    return personView(p, today);
  }
}
