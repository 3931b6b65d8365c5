import { Injectable } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { BodyRepository } from '../body.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import {
  MembershipSubstituteRepository,
  type SubstituteRecord,
} from '../membership-substitute.repository';
import { MembershipRepository } from '../membership.repository';
import { parseInput } from './directory-input.service';
import { checkSubstitute, newSubstituteSchema } from './substitute-rules.service';
import { inTransaction } from './within-transaction.service';
import { PersonRepository } from '../person.repository';

/**
 * An administrator names a substitute for a seat under the body's substitution scheme, as the
 * partners agreed it (the JCB's, ToR 7.1), with where they agreed it. Under a body whose rules
 * say "named", attendance then takes the named substitutes for the seat and nobody else.
 */
@Injectable()
export class NameSubstituteUseCase {
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

  /** `within`: the caller's open transaction, to write in (the demo seed). */
  async name(
    membershipId: string,
    input: unknown,
    actor: Actor,
    within?: EntityManager,
  ): Promise<SubstituteRecord> {
    const now = this.clock.now();
    const today = londonDate(now);
    const w = parseInput(newSubstituteSchema, input, 'substitute');
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const found = z.uuid().safeParse(membershipId).success
        ? await this.memberships.find(scopeOf(actor), m, membershipId)
        : null;
      if (!found) throw new DirectoryRecordNotFoundError('membership', membershipId);
      // The body, then the seat: the order every write to a body's seats takes.
      await this.bodies.find(scopeOf(actor), m, found.bodyId, { lock: true });
      const seat = (await this.memberships.find(scopeOf(actor), m, membershipId, { lock: true }))!;
      const row = await checkSubstitute(
        { people: this.people, substitutes: this.substitutes },
        m,
        actor.tenantId,
        seat,
        w,
        null,
      );
      const created = await this.substitutes.insert(scopeOf(actor), m, row);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'substitute',
        subjectId: created.id,
        action: 'created',
        before: null,
        after: created,
      });
      return created;
    });
  }
}
