import { Injectable } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { BodyRulesRepository } from '../body-rules.repository';
import { BodyRepository, type BodyRecord } from '../body.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { parseInput } from './directory-input.service';
import { checkBody, newBodySchema } from './body-record-rules.service';
import { inTransaction } from './within-transaction.service';
import { OrganisationRepository } from '../organisation.repository';

/**
 * An administrator adds a body (a board, Cabinet, a committee) with its rules: the rules its
 * meetings are held under and that say whether it may delegate.
 */
@Injectable()
export class CreateBodyUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly bodies: BodyRepository,
    private readonly rules: BodyRulesRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  /** `within`: the caller's open transaction, to write in (the import, the demo seed). */
  async create(input: unknown, actor: Actor, within?: EntityManager): Promise<BodyRecord> {
    const now = this.clock.now();
    const b = parseInput(newBodySchema, input, 'body');
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, londonDate(now));
      await checkBody(
        { bodies: this.bodies, organisations: this.organisations },
        m,
        actor.tenantId,
        b,
        null,
        now,
      );
      const inserted = await this.bodies.insert(scopeOf(actor), m, b);
      // Its first rules: in force from when it was set up, for every meeting until they change.
      await this.rules.record(scopeOf(actor), m, inserted.id, {
        inForceFrom: null,
        rules: b.rules,
        reason: null,
        at: now,
        by,
      });
      const created = (await this.bodies.find(scopeOf(actor), m, inserted.id))!;
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'body',
        subjectId: created.id,
        action: 'created',
        before: null,
        after: created,
      });
      return created;
    });
  }
}
