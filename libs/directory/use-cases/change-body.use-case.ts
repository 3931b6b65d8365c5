import { Injectable } from '@nestjs/common';
import { scopeOf } from '../../core/tenant-scope';
import { DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { canonicalize } from 'json-canonicalize';
import { BodyRulesRepository } from '../body-rules.repository';
import { BodyRepository, type BodyRecord } from '../body.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError, DirectoryVersionConflictError } from '../directory.errors';
import { changedFields, parseInput } from './directory-input.service';
import { bodyChangeSchema, checkBody } from './body-record-rules.service';
import { dayRulesTakeEffect } from './body-rules-dates.service';
import { inTransaction } from './within-transaction.service';
import { OrganisationRepository } from '../organisation.repository';

/**
 * An administrator renames a body or changes its rules at the version they read. Changed rules
 * take effect from a day (today unless given; body-rules-dates.service.ts says which days may be
 * chosen): each meeting is judged by the rules in force on its date, so a meeting before the day
 * keeps the rules it was held under. The change, its day and why go on the change chain.
 */
@Injectable()
export class ChangeBodyUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly bodies: BodyRepository,
    private readonly rules: BodyRulesRepository,
    private readonly changes: DirectoryChangeRepository,
    private readonly organisations: OrganisationRepository,
  ) {}

  /** `within`: the caller's open transaction, to write in (the import). */
  async change(
    id: string,
    input: unknown,
    actor: Actor,
    within?: EntityManager,
  ): Promise<BodyRecord> {
    const now = this.clock.now();
    const c = parseInput(bodyChangeSchema, input, 'change');
    return inTransaction(this.ds, within, async (m) => {
      const by = await this.access.administrator(m, actor, londonDate(now));
      const before = await this.bodies.find(scopeOf(actor), m, id, { lock: true });
      if (!before) throw new DirectoryRecordNotFoundError('body', id);
      if (before.version !== c.expectedVersion)
        throw new DirectoryVersionConflictError('body', id, c.expectedVersion, before.version);
      const { rulesInForceFrom, rulesReason, ...fields } = changedFields(c);
      const wanted = { ...before, ...fields };
      // Rules differ from the latest, or (for a stated day) from those in force that day: the same
      // rules as a later change, brought forward to an earlier day, are a change too.
      const inForceThatDay = rulesInForceFrom
        ? (await this.bodies.rulesOf(scopeOf(actor), m, id, rulesInForceFrom))?.rules
        : undefined;
      const rulesDiffer =
        !!c.rules &&
        (JSON.stringify(c.rules) !== JSON.stringify(before.rules) ||
          (inForceThatDay !== undefined &&
            canonicalize(c.rules) !== canonicalize(inForceThatDay ?? null)));
      if (JSON.stringify(wanted) === JSON.stringify(before) && !rulesDiffer) return before;
      await checkBody(
        { bodies: this.bodies, organisations: this.organisations },
        m,
        actor.tenantId,
        wanted,
        before,
        now,
      );
      const rulesChange = rulesDiffer
        ? {
            rulesInForceFrom: await dayRulesTakeEffect(
              this.rules,
              m,
              actor.tenantId,
              before,
              rulesInForceFrom,
              londonDate(now),
            ),
            rulesReason: rulesReason ?? null,
          }
        : null;
      if (rulesChange && c.rules)
        await this.rules.record(scopeOf(actor), m, id, {
          inForceFrom: rulesChange.rulesInForceFrom,
          rules: c.rules,
          reason: rulesChange.rulesReason,
          at: now,
          by,
        });
      const after = await this.bodies.update(scopeOf(actor), m, wanted);
      if (!after)
        throw new DirectoryVersionConflictError('body', id, c.expectedVersion, before.version + 1);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'body',
        subjectId: id,
        action: 'changed',
        before,
        // The rules as changed (not the latest, if a later change is already on record) and when.
        after: rulesChange ? { ...after, rules: c.rules, ...rulesChange } : after,
      });
      return after;
    });
  }
}
