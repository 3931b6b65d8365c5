import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import { parseInput } from '../use-cases/directory-input.service';
import { cancelAbsenceSchema } from './absence-input.schema';
import { absenceRecorder, absenceView, type AbsenceView } from './absence-rules.service';
import { AbsenceRepository } from './absence.repository';

/**
 * The person (or an administrator) cancels an absence, ahead or while it runs. Nothing moves back:
 * requests already with the deputy stay with them until an officer reassigns the role (ADR 0033);
 * new cases' requests go to the person again from now.
 */
@Injectable()
export class CancelAbsenceUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly absences: AbsenceRepository,
    private readonly changes: DirectoryChangeRepository,
  ) {}

  async cancel(id: string, input: unknown, actor: Actor): Promise<AbsenceView> {
    const now = this.clock.now();
    const today = londonDate(now);
    const { expectedVersion } = parseInput(cancelAbsenceSchema, input, 'cancellation');
    return this.ds.transaction(async (m) => {
      const before = z.uuid().safeParse(id).success
        ? await this.absences.find(scopeOf(actor), m, id, { lock: true })
        : null;
      if (!before || before.cancelledAt) throw new DirectoryRecordNotFoundError('absence', id);
      const by = await absenceRecorder(this.access, m, actor, before.person.id, today);
      if (before.version !== expectedVersion)
        throw new DirectoryVersionConflictError('absence', id, expectedVersion, before.version);
      const byPerson = by.kind === 'person' ? by.personId : before.person.id;
      await this.absences.cancel(scopeOf(actor), m, id, before.version, byPerson, now);
      const after = (await this.absences.find(scopeOf(actor), m, id))!;
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'absence',
        subjectId: id,
        action: 'cancelled',
        before: absenceView(before),
        after: absenceView(after),
      });
      return absenceView(after);
    });
  }
}
