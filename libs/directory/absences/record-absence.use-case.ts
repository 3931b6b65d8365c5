import { scopeOf } from '../../core/tenant-scope';
import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { DirectoryAccess } from '../directory-access.service';
import { PersonRepository } from '../person.repository';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { parseInput } from '../use-cases/directory-input.service';
import { newAbsenceSchema } from './absence-input.schema';
import { absenceRecorder, absenceView, checkedCover, personOf } from './absence-rules.service';
import type { AbsenceView } from './absence-rules.service';
import { AbsenceRepository } from './absence.repository';
import { CoverHandOver, type CoveredCase } from './cover-hand-over.service';

/**
 * A person marks themselves away (or an administrator marks them) from a first to a last day, with
 * a deputy who holds a suitable delegation (docs/adr/0033). On the record of directory changes.
 * An absence that begins today hands the person's open cases to the deputy at once, in the same
 * transaction; one that begins later is handed over on its first day by the worker.
 */
@Injectable()
export class RecordAbsenceUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly people: PersonRepository,
    private readonly absences: AbsenceRepository,
    private readonly changes: DirectoryChangeRepository,
    @Optional() private readonly handOver?: CoverHandOver,
  ) {}

  async record(input: unknown, actor: Actor): Promise<AbsenceView & { handedOver: CoveredCase[] }> {
    const now = this.clock.now();
    const today = londonDate(now);
    const a = parseInput(newAbsenceSchema, input, 'absence');
    return this.ds.transaction(async (m) => {
      const personId = a.personId ?? (actor.kind === 'person' ? actor.person.id : '');
      const by = await absenceRecorder(this.access, m, actor, personId, today);
      // One absence recorded at a time per council: two cannot name each other as deputy unseen.
      await this.absences.lockCouncil(scopeOf(actor), m);
      const person = await personOf(this.people, m, actor.tenantId, personId, today, 'person');
      const deputy = await personOf(
        this.people,
        m,
        actor.tenantId,
        a.deputyPersonId,
        today,
        'person',
      );
      const delegation = await checkedCover(
        this.absences,
        m,
        actor.tenantId,
        { ...a, person, deputy, exceptId: null },
        today,
      );
      const personIdOfRecorder = by.kind === 'person' ? by.personId : personId;
      const stored = await this.absences.insert(
        scopeOf(actor),
        m,
        {
          personId,
          deputyPersonId: deputy.id,
          delegationId: delegation.id,
          firstDay: a.firstDay,
          lastDay: a.lastDay,
          note: a.note ?? null,
        },
        personIdOfRecorder,
        now,
      );
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'absence',
        subjectId: stored.id,
        action: 'recorded',
        before: null,
        after: absenceView(stored),
      });
      let handedOver: CoveredCase[] = [];
      if (a.firstDay <= today && this.handOver) {
        handedOver = await this.handOver.cover(m, stored, actor, now);
        await this.absences.markCovered(scopeOf(actor), m, stored.id, now);
      }
      const saved = (await this.absences.find(scopeOf(actor), m, stored.id))!;
      return { ...absenceView(saved), handedOver };
    });
  }
}
