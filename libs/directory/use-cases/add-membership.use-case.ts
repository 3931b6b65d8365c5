import { Injectable, Optional } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { BodyRepository } from '../body.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import { MembershipRecord, MembershipRepository } from '../membership.repository';
import { PersonRepository } from '../person.repository';
import { parseInput } from './directory-input.service';
import { checkMembership, newMembershipSchema } from './membership-rules.service';
import { SeatHandOver } from '../seat-hand-over.service';
import { handOverIfSeatsChanged, seatHoldersOn } from './seat-holder-change.service';
import { inTransaction } from './within-transaction.service';

/**
 * An administrator gives a person a seat on a body for a term: a constituency of the body's rules,
 * a role, whether it votes, the first and last day. The body is locked while its seats are checked
 * and written, so two administrators cannot seat two chairs at once. A chair or vice-chair seated
 * from today takes over the open requests of the cases bound to the seat (seat-holder-change.service.ts).
 */
@Injectable()
export class AddMembershipUseCase {
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

  /** `within`: the caller's open transaction, to write in (the import, the demo seed). */
  async add(
    bodyId: string,
    input: unknown,
    actor: Actor,
    within?: EntityManager,
  ): Promise<MembershipRecord> {
    const now = this.clock.now();
    const today = londonDate(now);
    const w = parseInput(newMembershipSchema, input, 'membership');
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const body = await this.bodies.find(scopeOf(actor), m, bodyId, { lock: true });
      if (!body) throw new DirectoryRecordNotFoundError('body', bodyId);
      const before = await seatHoldersOn(this.memberships, m, actor.tenantId, body.id, today);
      const row = await checkMembership(
        { people: this.people, memberships: this.memberships },
        m,
        actor.tenantId,
        body,
        { ...w, voting: w.voting ?? w.role !== 'non_voting' },
        null,
      );
      const created = await this.memberships.insert(scopeOf(actor), m, row);
      const change = await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'membership',
        subjectId: created.id,
        action: 'created',
        before: null,
        after: created,
      });
      await handOverIfSeatsChanged(this.memberships, m, this.handOver, {
        tenantId: actor.tenantId,
        body,
        today,
        at: now,
        before,
        actor,
        directoryChangeSeq: change.seq,
      });
      return created;
    });
  }
}
