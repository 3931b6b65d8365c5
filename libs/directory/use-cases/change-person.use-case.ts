import { Injectable } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { GovernanceRuleError } from '../../errors/domain.errors';
import { describeDay } from '../../governance/clear-days.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import { OfficeRepository } from '../office.repository';
import { PersonRecord, PersonRepository } from '../person.repository';
import {
  changedFields,
  directoryDate,
  expectedVersion,
  parseInput,
  uuidOf,
} from './directory-input.service';
import { checkPerson, personEmail, personName } from './person-rules.service';
import { PersonView, personView } from './read-people.use-case';
import { inTransaction } from './within-transaction.service';
import { OrganisationRepository } from '../organisation.repository';

export const personChangeSchema = z
  .object({
    expectedVersion,
    name: personName.optional(),
    email: personEmail.optional(),
    organisationId: uuidOf('organisationId').nullable().optional(),
    isElectedMember: z.boolean({ message: 'isElectedMember is true or false' }).optional(),
    isOfficer: z.boolean({ message: 'isOfficer is true or false' }).optional(),
  })
  .strict();

export const personLeftSchema = z
  .object({ expectedVersion, on: directoryDate.describe('the day the person left') })
  .strict();

/**
 * An administrator changes a person (name, email, organisation, elected member, officer) or marks
 * them left, at the version they read. From the day they left a person acts in nothing: their API
 * keys and staff sign-in stop working. Someone who still holds an office then cannot be marked left.
 */
@Injectable()
export class ChangePersonUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly people: PersonRepository,
    private readonly offices: OfficeRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  /** `within`: the caller's open transaction, to write in (the import). */
  async change(
    id: string,
    input: unknown,
    actor: Actor,
    within?: EntityManager,
  ): Promise<PersonView> {
    const c = parseInput(personChangeSchema, input, 'change');
    return this.write(id, c.expectedVersion, actor, 'changed', within, async (p) => ({
      ...p,
      ...changedFields(c),
    }));
  }

  /** `within`: the caller's open transaction, to write in (the import). */
  async markLeft(
    id: string,
    input: unknown,
    actor: Actor,
    within?: EntityManager,
  ): Promise<PersonView> {
    const c = parseInput(personLeftSchema, input, 'leaving');
    return this.write(id, c.expectedVersion, actor, 'left', within, async (p, m) => {
      // An office held by someone who has gone would leave its requests with nobody: its holding
      // ends first, so that whoever takes the office over is on the record.
      const held = await this.offices.holdingsOfPersonFrom(scopeOf(actor), m, id, c.on);
      if (held.length > 0)
        throw new GovernanceRuleError(
          'LEAVER_HOLDS_OFFICE',
          `${p.name} holds ${held.map((h) => h.officeTitle).join(' and ')} on or after ${describeDay(c.on)}: end the holding (its last day before ${describeDay(c.on)}) or appoint the next holder first. Nothing was saved.`,
          held.map(
            (h) =>
              `${p.name} holds ${h.officeTitle} (${h.kind}) from ${describeDay(h.from)} ${h.until ? `to ${describeDay(h.until)}` : 'with no end'}`,
          ),
        );
      return { ...p, leftOn: c.on };
    });
  }

  private async write(
    id: string,
    version: number,
    actor: Actor,
    action: string,
    within: EntityManager | undefined,
    apply: (p: PersonRecord, m: EntityManager) => Promise<PersonRecord>,
  ): Promise<PersonView> {
    const now = this.clock.now();
    const today = londonDate(now);
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const before = z.uuid().safeParse(id).success
        ? await this.people.find(scopeOf(actor), m, id, { lock: true })
        : null;
      if (!before) throw new DirectoryRecordNotFoundError('person', id);
      if (before.version !== version)
        throw new DirectoryVersionConflictError('person', id, version, before.version);
      const wanted = await apply(before, m);
      await checkPerson(
        { people: this.people, organisations: this.organisations },
        m,
        actor.tenantId,
        wanted,
        id,
      );
      if (JSON.stringify(wanted) === JSON.stringify(before)) return personView(before, today);
      const after = await this.people.update(scopeOf(actor), m, wanted);
      if (!after) throw new DirectoryVersionConflictError('person', id, version, version + 1);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'person',
        subjectId: id,
        action,
        before,
        after,
      });
      return personView(after, today);
    });
  }
}
