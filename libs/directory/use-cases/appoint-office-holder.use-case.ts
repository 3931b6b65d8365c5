import { scopeOf } from '../../core/tenant-scope';
import { Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import { HandedOver, OfficeHandOver } from '../office-hand-over.service';
import { HoldingRecord, OfficeRepository } from '../office.repository';
import { directoryDate, parseInput, uuidOf } from './directory-input.service';
import { handOverIfHolderChanged, holderToday } from './office-holder-change.service';
import { checkHoldingOf, holdingKind } from './office-rules.service';
import { inTransaction } from './within-transaction.service';
import { PersonRepository } from '../person.repository';

export const appointmentSchema = z
  .object({
    personId: uuidOf('personId'),
    from: directoryDate.describe('the first day held'),
    until: directoryDate.nullable().default(null).describe('the last day held; null: no end yet'),
    kind: holdingKind.default('substantive'),
  })
  .strict();

/**
 * An administrator records that a person holds an office from a day: substantive, or acting while
 * its holder is away. Two holders of one kind on one day are refused (OFFICE_HELD_TWICE). When the
 * office's holder today changes, its open cases' awaited requests go to the new holder.
 */
@Injectable()
export class AppointOfficeHolderUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly offices: OfficeRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly people: PersonRepository,
    @Optional() private readonly handOver?: OfficeHandOver,
  ) {}

  async appoint(
    officeId: string,
    input: unknown,
    actor: Actor,
    /** The caller's open transaction, to write in (the demo seed). */
    within?: EntityManager,
  ): Promise<HoldingRecord & { handedOver: HandedOver[] }> {
    const now = this.clock.now();
    const today = londonDate(now);
    const a = parseInput(appointmentSchema, input, 'appointment');
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const office = uuidOf('id').safeParse(officeId).success
        ? await this.offices.find(scopeOf(actor), m, officeId, { lock: true })
        : null;
      if (!office) throw new DirectoryRecordNotFoundError('office', officeId);
      await checkHoldingOf(
        { offices: this.offices, people: this.people },
        m,
        actor.tenantId,
        office,
        a,
      );
      const before = await holderToday(this.offices, m, actor.tenantId, officeId, today);
      const id = await this.offices.insertHolding(scopeOf(actor), m, { officeId, ...a });
      const holding = (await this.offices.holding(scopeOf(actor), m, officeId, id))!;
      const change = await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'officeHolder',
        subjectId: id,
        action: 'appointed',
        before: null,
        after: { ...holding, officeTitle: office.title },
      });
      const handedOver = await handOverIfHolderChanged(this.offices, m, this.handOver, {
        tenantId: actor.tenantId,
        office,
        today,
        at: now,
        before,
        actor,
        directoryChangeSeq: change.seq,
      });
      return { ...holding, handedOver };
    });
  }
}
