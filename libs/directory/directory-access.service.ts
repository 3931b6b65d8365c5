import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { scopeOf } from '../core/tenant-scope';
import { NotAuthorisedError } from '../errors/domain.errors';
import type { DirectoryActor } from './directory-change.repository';
import { PersonRepository } from './person.repository';

/**
 * Who may keep and who may read the council's directory, decided in one place for every directory
 * use case: administrators (an enabled staff account of role administrator) change it; officers,
 * governance leads and administrators read it. A person who has left keeps neither right. Provided
 * by the directory's module, with the people's repository that reads a person's standing.
 */
@Injectable()
export class DirectoryAccess {
  constructor(private readonly people: PersonRepository) {}

  /** The administrator as the record of changes names them; NOT_AUTHORISED for anyone else. */
  async administrator(m: EntityManager, actor: Actor, today: string): Promise<DirectoryActor> {
    const staff = actor.kind === 'person' ? await this.staffOf(m, actor, today) : null;
    if (actor.kind !== 'person' || staff?.role !== 'administrator')
      throw new NotAuthorisedError(
        'Only an administrator of your council changes its directory: ask one to make the change or to give you the role.',
      );
    return { kind: 'person', personId: actor.person.id, name: actor.person.name };
  }

  /** Officers, governance leads and administrators read the directory; NOT_AUTHORISED for anyone else. */
  async reader(m: EntityManager, actor: Actor, today: string): Promise<void> {
    const staff = actor.kind === 'person' ? await this.staffOf(m, actor, today) : null;
    if (!staff || (!staff.isOfficer && !staff.role))
      throw new NotAuthorisedError(
        'The directory is read by officers, governance leads and administrators of your council.',
      );
  }

  private staffOf(m: EntityManager, actor: Extract<Actor, { kind: 'person' }>, today: string) {
    return this.people.staffStanding(scopeOf(actor), m, actor.person.id, today);
  }
}
