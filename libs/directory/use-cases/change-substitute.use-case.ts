import { Injectable } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { InvalidInputError } from '../../errors/domain.errors';
import { describeDay } from '../../governance/clear-days.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { BodyRepository } from '../body.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import {
  MembershipSubstituteRepository,
  type SubstituteRecord,
} from '../membership-substitute.repository';
import { MembershipRepository } from '../membership.repository';
import { changedFields, parseInput } from './directory-input.service';
import {
  checkSubstitute,
  substituteChangeSchema,
  substituteEndSchema,
} from './substitute-rules.service';
import { PersonRepository } from '../person.repository';

/**
 * An administrator changes a named substitute's days or reference, or ends their naming on a
 * day, at the version they read. Who the substitute is does not change: another person is named
 * afresh.
 */
@Injectable()
export class ChangeSubstituteUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly bodies: BodyRepository,
    private readonly memberships: MembershipRepository,
    private readonly substitutes: MembershipSubstituteRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly people: PersonRepository,
  ) {}

  async change(id: string, input: unknown, actor: Actor): Promise<SubstituteRecord> {
    const c = parseInput(substituteChangeSchema, input, 'change');
    const fields = changedFields(c);
    return this.write(id, c.expectedVersion, actor, 'changed', (before) => ({
      ...before,
      ...fields,
    }));
  }

  async end(id: string, input: unknown, actor: Actor): Promise<SubstituteRecord> {
    const c = parseInput(substituteEndSchema, input, 'end of the naming');
    return this.write(id, c.expectedVersion, actor, 'ended', (before) => {
      if (before.validUntil !== null && before.validUntil <= c.on)
        throw new InvalidInputError('The naming already ends by then: nothing to end.', [
          {
            path: 'on',
            message: `the naming already ends on ${describeDay(before.validUntil)}; to extend it, change validUntil`,
          },
        ]);
      return { ...before, validUntil: c.on };
    });
  }

  private async write(
    id: string,
    version: number,
    actor: Actor,
    action: string,
    apply: (before: SubstituteRecord) => SubstituteRecord,
  ): Promise<SubstituteRecord> {
    const now = this.clock.now();
    const today = londonDate(now);
    return this.ds.transaction(async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const found = z.uuid().safeParse(id).success
        ? await this.substitutes.find(scopeOf(actor), m, id)
        : null;
      if (!found) throw new DirectoryRecordNotFoundError('substitute', id);
      const seatRow = (await this.memberships.find(scopeOf(actor), m, found.membershipId))!;
      await this.bodies.find(scopeOf(actor), m, seatRow.bodyId, { lock: true });
      const seat = (await this.memberships.find(scopeOf(actor), m, seatRow.id, { lock: true }))!;
      const before = (await this.substitutes.find(scopeOf(actor), m, id, { lock: true }))!;
      if (before.version !== version)
        throw new DirectoryVersionConflictError('substitute', id, version, before.version);
      const wanted = apply(before);
      const row = await checkSubstitute(
        { people: this.people, substitutes: this.substitutes },
        m,
        actor.tenantId,
        seat,
        wanted,
        id,
      );
      if (
        row.validFrom === before.validFrom &&
        row.validUntil === before.validUntil &&
        row.reference === before.reference
      )
        return before;
      const after = await this.substitutes.update(scopeOf(actor), m, id, version, row);
      if (!after) throw new DirectoryVersionConflictError('substitute', id, version, version + 1);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'substitute',
        subjectId: id,
        action,
        before,
        after,
      });
      return after;
    });
  }
}
