import { Injectable } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { PersonRepository } from '../person.repository';
import { parseInput, uuidOf } from './directory-input.service';
import { checkPerson, personEmail, personName } from './person-rules.service';
import { PersonView, personView } from './read-people.use-case';
import { inTransaction } from './within-transaction.service';
import { OrganisationRepository } from '../organisation.repository';

export const newPersonSchema = z
  .object({
    name: personName,
    email: personEmail,
    organisationId: uuidOf('organisationId').nullable().default(null),
    isElectedMember: z.boolean({ message: 'isElectedMember is true or false' }).default(false),
    isOfficer: z.boolean({ message: 'isOfficer is true or false' }).default(false),
  })
  .strict();

/** An administrator adds a person to the council's directory. */
@Injectable()
export class CreatePersonUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly people: PersonRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  /** `within`: the caller's open transaction, to write in (the import, the demo seed). */
  async create(input: unknown, actor: Actor, within?: EntityManager): Promise<PersonView> {
    const now = this.clock.now();
    const today = londonDate(now);
    const p = parseInput(newPersonSchema, input, 'person');
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, today);
      await checkPerson(
        { people: this.people, organisations: this.organisations },
        m,
        actor.tenantId,
        p,
        null,
      );
      const created = await this.people.insert(scopeOf(actor), m, { ...p, leftOn: null });
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'person',
        subjectId: created.id,
        action: 'created',
        before: null,
        after: created,
      });
      return personView(created, today);
    });
  }
}
