import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { BodyRepository, type BodyRecord } from '../body.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import { changedFields, parseInput } from './directory-input.service';
import { bodyChangeSchema, checkBody } from './body-record-rules.service';

/**
 * An administrator renames a body or changes its rules at the version they read. Its meetings are
 * held under its rules as they are when each is recorded; what a meeting recorded before (its
 * quorum explanation, its outcome) stays as recorded.
 */
@Injectable()
export class ChangeBodyUseCase {
  private readonly bodies = new BodyRepository();
  private readonly changes = new DirectoryChangeRepository();
  private readonly access = new DirectoryAccess();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async change(id: string, input: unknown, actor: Actor): Promise<BodyRecord> {
    const now = this.clock.now();
    const c = parseInput(bodyChangeSchema, input, 'change');
    return this.ds.transaction(async (m) => {
      const by = await this.access.administrator(m, actor, londonDate(now));
      const before = await this.bodies.find(m, actor.tenantId, id, { lock: true });
      if (!before) throw new DirectoryRecordNotFoundError('body', id);
      if (before.version !== c.expectedVersion)
        throw new DirectoryVersionConflictError('body', id, c.expectedVersion, before.version);
      const wanted = { ...before, ...changedFields(c) };
      if (JSON.stringify(wanted) === JSON.stringify(before)) return before;
      await checkBody(m, actor.tenantId, wanted, before, now);
      const after = await this.bodies.update(m, actor.tenantId, wanted);
      if (!after)
        throw new DirectoryVersionConflictError('body', id, c.expectedVersion, before.version + 1);
      await this.changes.record(m, {
        tenantId: actor.tenantId,
        at: now,
        actor: by,
        subject: 'body',
        subjectId: id,
        action: 'changed',
        before,
        after,
      });
      return after;
    });
  }
}
