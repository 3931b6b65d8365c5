import { scopeOf } from '../../core/tenant-scope';
import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import { HandedOver, OfficeHandOver } from '../office-hand-over.service';
import { HoldingRecord, OfficeRepository } from '../office.repository';
import {
  changedFields,
  directoryDate,
  expectedVersion,
  parseInput,
  uuidOf,
} from './directory-input.service';
import { handOverIfHolderChanged, holderToday } from './office-holder-change.service';
import { checkHoldingOf, holdingKind } from './office-rules.service';
import { PersonRepository } from '../person.repository';

export const holdingChangeSchema = z
  .object({
    expectedVersion,
    from: directoryDate.optional(),
    until: directoryDate.nullable().optional().describe('the last day held: ends the holding'),
    kind: holdingKind.optional(),
  })
  .strict();

/**
 * An administrator ends a holding (its last day) or corrects its days or kind, at the version they
 * read. The person stays: a holding by someone else is a new appointment. When the office's holder
 * today changes (an acting holding ends, say), its open cases' awaited requests follow.
 */
@Injectable()
export class ChangeOfficeHoldingUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly offices: OfficeRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly people: PersonRepository,
    @Optional() private readonly handOver?: OfficeHandOver,
  ) {}

  async change(
    officeId: string,
    holdingId: string,
    input: unknown,
    actor: Actor,
  ): Promise<HoldingRecord & { handedOver: HandedOver[] }> {
    const now = this.clock.now();
    const today = londonDate(now);
    const c = parseInput(holdingChangeSchema, input, 'change');
    return this.ds.transaction(async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const ids =
        uuidOf('id').safeParse(officeId).success && uuidOf('id').safeParse(holdingId).success;
      const office = ids
        ? await this.offices.find(scopeOf(actor), m, officeId, { lock: true })
        : null;
      if (!office) throw new DirectoryRecordNotFoundError('office', officeId);
      const before = await this.offices.holding(scopeOf(actor), m, officeId, holdingId);
      if (!before) throw new DirectoryRecordNotFoundError('office holding', holdingId);
      if (before.version !== c.expectedVersion)
        throw new DirectoryVersionConflictError(
          'office holding',
          holdingId,
          c.expectedVersion,
          before.version,
        );
      const wanted: HoldingRecord = { ...before, ...changedFields(c) };
      if (JSON.stringify(wanted) === JSON.stringify(before)) return { ...before, handedOver: [] };
      await checkHoldingOf(
        { offices: this.offices, people: this.people },
        m,
        actor.tenantId,
        office,
        wanted,
      );
      const holderBefore = await holderToday(this.offices, m, actor.tenantId, officeId, today);
      if (!(await this.offices.updateHolding(scopeOf(actor), m, wanted)))
        throw new DirectoryVersionConflictError(
          'office holding',
          holdingId,
          c.expectedVersion,
          before.version + 1,
        );
      const after = (await this.offices.holding(scopeOf(actor), m, officeId, holdingId))!;
      const change = await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'officeHolder',
        subjectId: holdingId,
        action: before.until === null && after.until !== null ? 'ended' : 'changed',
        before: { ...before, officeTitle: office.title },
        after: { ...after, officeTitle: office.title },
      });
      const handedOver = await handOverIfHolderChanged(this.offices, m, this.handOver, {
        tenantId: actor.tenantId,
        office,
        today,
        at: now,
        before: holderBefore,
        actor,
        directoryChangeSeq: change.seq,
      });
      return { ...after, handedOver };
    });
  }
}
