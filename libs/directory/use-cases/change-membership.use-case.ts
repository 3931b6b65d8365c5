import { Injectable, Optional } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource, type EntityManager } from 'typeorm';
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
import { MembershipRecord, MembershipRepository } from '../membership.repository';
import { PersonRepository } from '../person.repository';
import { changedFields, parseInput } from './directory-input.service';
import {
  checkMembership,
  membershipChangeSchema,
  membershipEndSchema,
} from './membership-rules.service';
import { SeatHandOver } from '../seat-hand-over.service';
import { handOverIfSeatsChanged, seatHoldersOn } from './seat-holder-change.service';
import { inTransaction } from './within-transaction.service';

/**
 * An administrator changes a seat's term (constituency, role, vote, first and last day) or ends it
 * on a day, at the version they read. The seat's person is not changed: a new member is a new
 * membership. The body is locked while its seats are checked and written. When the body's chair or
 * vice-chair today is then someone else, the open requests of the cases bound to the seat go to
 * them (seat-holder-change.service.ts).
 */
@Injectable()
export class ChangeMembershipUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly bodies: BodyRepository,
    private readonly memberships: MembershipRepository,
    private readonly people: PersonRepository,
    private readonly changes: DirectoryChangeRepository,
    @Optional() private readonly handOver?: SeatHandOver,
  ) {}

  /** `within`: the caller's open transaction, to write in (the import). */
  async change(
    id: string,
    input: unknown,
    actor: Actor,
    within?: EntityManager,
  ): Promise<MembershipRecord> {
    const c = parseInput(membershipChangeSchema, input, 'change');
    const fields = changedFields(c);
    return this.write(id, c.expectedVersion, actor, 'changed', within, (before) => {
      const role = fields.role ?? before.role;
      // A seat made non-voting stops voting unless it says otherwise, and the reverse.
      const voting =
        fields.voting ?? (fields.role === undefined ? before.voting : role !== 'non_voting');
      return { ...before, ...fields, role, voting };
    });
  }

  async end(id: string, input: unknown, actor: Actor): Promise<MembershipRecord> {
    const c = parseInput(membershipEndSchema, input, 'end of the term');
    return this.write(id, c.expectedVersion, actor, 'ended', undefined, (before) => {
      if (before.validUntil !== null && before.validUntil <= c.on)
        throw new InvalidInputError('The term already ends by then: nothing to end.', [
          {
            path: 'on',
            message: `the term already ends on ${describeDay(before.validUntil)}; to extend it, change validUntil`,
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
    within: EntityManager | undefined,
    apply: (before: MembershipRecord) => MembershipRecord,
  ): Promise<MembershipRecord> {
    const now = this.clock.now();
    const today = londonDate(now);
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const found = z.uuid().safeParse(id).success
        ? await this.memberships.find(scopeOf(actor), m, id)
        : null;
      if (!found) throw new DirectoryRecordNotFoundError('membership', id);
      // The body first, then the seat: the order every write to a body's seats takes.
      const body = (await this.bodies.find(scopeOf(actor), m, found.bodyId, { lock: true }))!;
      const before = (await this.memberships.find(scopeOf(actor), m, id, { lock: true }))!;
      if (before.version !== version)
        throw new DirectoryVersionConflictError('membership', id, version, before.version);
      const seatsBefore = await seatHoldersOn(this.memberships, m, actor.tenantId, body.id, today);
      const wanted = apply(before);
      const row = await checkMembership(
        { people: this.people, memberships: this.memberships },
        m,
        actor.tenantId,
        body,
        wanted,
        before,
      );
      const same = (Object.keys(row) as (keyof typeof row)[]).every((k) => row[k] === before[k]);
      if (same) return before;
      const after = await this.memberships.update(scopeOf(actor), m, id, version, row);
      if (!after) throw new DirectoryVersionConflictError('membership', id, version, version + 1);
      const change = await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'membership',
        subjectId: id,
        action,
        before,
        after,
      });
      await handOverIfSeatsChanged(this.memberships, m, this.handOver, {
        tenantId: actor.tenantId,
        body,
        today,
        at: now,
        before: seatsBefore,
        actor,
        directoryChangeSeq: change.seq,
      });
      return after;
    });
  }
}
