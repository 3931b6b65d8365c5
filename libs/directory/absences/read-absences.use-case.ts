import { scopeOf } from '../../core/tenant-scope';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { InvalidInputError } from '../../errors/domain.errors';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { coversFor } from '../../governance/absence-cover.service';
import { DirectoryAccess } from '../directory-access.service';
import { PersonRepository } from '../person.repository';
import { absenceRecorder, absenceView, personOf, type AbsenceView } from './absence-rules.service';
import { AbsenceRepository } from './absence.repository';

/**
 * The absences, running or ahead, a person is in (away or covering): their own, or anyone's for an
 * administrator.
 */
@Injectable()
export class ReadAbsencesUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly people: PersonRepository,
    private readonly absences: AbsenceRepository,
  ) {}

  async ofPerson(personId: string | undefined, actor: Actor): Promise<AbsenceView[]> {
    const today = londonDate(this.clock.now());
    return this.ds.transaction(async (m) => {
      const of = personId ?? (actor.kind === 'person' ? actor.person.id : '');
      if (!z.uuid().safeParse(of).success)
        throw new InvalidInputError('personId is an id (a UUID): check it.', [
          { path: 'personId', message: 'personId is an id (a UUID)' },
        ]);
      await absenceRecorder(this.access, m, actor, of, today);
      const rows = await this.absences.list(scopeOf(actor), m, {
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
        ? await this.absences.find(scopeOf(actor), m, id)
        : null;
      if (!a) return null;
      // Its deputy reads it too, as their own list shows it to them (they cover for it).
      const deputy = actor.kind === 'person' && actor.person.id === a.deputy.id;
      if (!deputy) await absenceRecorder(this.access, m, actor, a.person.id, today);
      return absenceView(a);
    });
  }

  /**
   * Who could cover for the person today: the holders of delegations in force that are suitable
   * (from the person's office, or the same grantor and scope as theirs), once each, by name.
   */
  async deputies(
    personId: string,
    actor: Actor,
  ): Promise<{ id: string; name: string; under: string }[]> {
    const now = this.clock.now();
    const today = londonDate(now);
    return this.ds.transaction(async (m) => {
      await absenceRecorder(this.access, m, actor, personId, today);
      const offices = await this.absences.officesHeld(scopeOf(actor), m, personId, today);
      const theirs = await this.absences.delegationsTo(scopeOf(actor), m, offices, now);
      const held = await this.absences.heldDelegationsOn(scopeOf(actor), m, today, now);
      const out = new Map<string, { id: string; name: string; under: string }>();
      for (const d of held)
        if (d.holder.id !== personId && !out.has(d.holder.id) && coversFor(d, offices, theirs))
          out.set(d.holder.id, {
            ...d.holder,
            under: `${d.delegateOfficeTitle}, under delegation from the ${d.grantorName} (${d.reference})`,
          });
      return [...out.values()];
    });
  }

  /** The person whose absences a page shows, by name (404 for one who is not of the council). */
  async person(personId: string, actor: Actor): Promise<{ id: string; name: string }> {
    const today = londonDate(this.clock.now());
    return this.ds.transaction(async (m) => {
      await absenceRecorder(this.access, m, actor, personId, today);
      return personOf(this.people, m, actor.tenantId, personId, today, 'person');
    });
  }
}
