import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { NotAuthorisedError } from '../errors/domain.errors';
import type { DirectoryActor } from './directory-change.repository';

/**
 * Who may keep and who may read the council's directory, decided in one place for every directory
 * use case: administrators (an enabled staff account of role administrator) change it; officers,
 * governance leads and administrators read it. A person who has left keeps neither right.
 */
export class DirectoryAccess {
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

  private async staffOf(
    m: EntityManager,
    actor: Extract<Actor, { kind: 'person' }>,
    today: string,
  ): Promise<{ role: string | null; isOfficer: boolean } | null> {
    const [row]: { role: string | null; isOfficer: boolean }[] = await m.query(
      `SELECT a.role, p.is_officer AS "isOfficer" FROM people p
         LEFT JOIN staff_accounts a ON a.person_id = p.id AND a.tenant_id = p.tenant_id AND a.disabled_at IS NULL
        WHERE p.tenant_id = $1 AND p.id = $2 AND (p.left_on IS NULL OR p.left_on > $3::date)`,
      [actor.tenantId, actor.person.id, today],
    );
    return row ?? null;
  }
}
