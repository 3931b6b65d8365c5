import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { InvalidInputError } from '../../errors/domain.errors';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { absenceRecorder, absenceView, type AbsenceView } from './absence-rules.service';
import { AbsenceRepository } from './absence.repository';

/**
 * The absences, running or ahead, a person is in (away or covering): their own, or anyone's for an
 * administrator.
 */
@Injectable()
export class ReadAbsencesUseCase {
  private readonly absences = new AbsenceRepository();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async ofPerson(personId: string | undefined, actor: Actor): Promise<AbsenceView[]> {
    const today = londonDate(this.clock.now());
    return this.ds.transaction(async (m) => {
      const of = personId ?? (actor.kind === 'person' ? actor.person.id : '');
      if (!z.uuid().safeParse(of).success)
        throw new InvalidInputError('personId is an id (a UUID): check it.', [
          { path: 'personId', message: 'personId is an id (a UUID)' },
        ]);
      await absenceRecorder(m, actor, of, today);
      const rows = await this.absences.list(m, actor.tenantId, {
        personId: of,
        from: today,
        limit: 100,
      });
      return rows.map(absenceView);
    });
  }

  async one(id: string, actor: Actor): Promise<AbsenceView | null> {
    const today = londonDate(this.clock.now());
    return this.ds.transaction(async (m) => {
      const a = z.uuid().safeParse(id).success
        ? await this.absences.find(m, actor.tenantId, id)
        : null;
      if (!a) return null;
      await absenceRecorder(m, actor, a.person.id, today);
      return absenceView(a);
    });
  }
}
