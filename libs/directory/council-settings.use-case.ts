import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { zodProblems } from '../core/zod-problems.service';
import { InvalidInputError, NotAuthorisedError } from '../errors/domain.errors';
import {
  councilSettingsSchema,
  type CouncilSettings,
} from '../governance/council-settings.service';
import { DirectoryChangeRepository } from './directory-change.repository';
import { tenantScope, scopeOf } from '../core/tenant-scope';

/** The directory chain's subject for a change of the council's settings. */
export const SETTINGS_SUBJECT = 'councilSettings';

export interface SettingsChange {
  /** When it was saved (ISO instant). */
  at: string;
  by: string;
  before: CouncilSettings;
  after: CouncilSettings;
}

/**
 * Reads and changes a council's settings for the rules; only an administrator changes them, and
 * each change is recorded (who, when, before and after) in the directory's hash-chained changes.
 */
@Injectable()
export class CouncilSettingsUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly changes: DirectoryChangeRepository,
  ) {}

  /** Every change to the council's settings, newest first: when, by whom, before and after. */
  async history(tenantId: string): Promise<SettingsChange[]> {
    const changes = await this.changes.list(tenantScope(tenantId), this.ds.manager, {
      subject: SETTINGS_SUBJECT,
      limit: 200,
    });
    return changes.map((c) => ({
      at: c.recordedAt,
      by: (c.actor as { name?: string }).name ?? 'an administrator',
      before: councilSettingsSchema.parse(c.before ?? {}),
      after: councilSettingsSchema.parse(c.after ?? {}),
    }));
  }

  async read(tenantId: string): Promise<CouncilSettings> {
    const [t]: { settings: unknown }[] = await this.ds.query(
      'SELECT settings FROM tenants WHERE tenant_id = $1',
      [tenantId],
    );
    return councilSettingsSchema.parse(t?.settings ?? {});
  }

  async replace(input: unknown, actor: Actor): Promise<CouncilSettings> {
    return this.update(actor, () => input);
  }

  /**
   * Changes the settings from what they are now, under a lock on the council's row: two
   * administrators saving at once each see the other's change, and neither is lost.
   */
  async update(
    actor: Actor,
    change: (current: CouncilSettings) => unknown,
  ): Promise<CouncilSettings> {
    if (actor.kind !== 'person')
      throw new NotAuthorisedError('Settings are changed by an administrator.');
    const [account]: { role: string }[] = await this.ds.query(
      'SELECT role FROM staff_accounts WHERE tenant_id = $1 AND person_id = $2 AND disabled_at IS NULL',
      [actor.tenantId, actor.person.id],
    );
    if (account?.role !== 'administrator')
      throw new NotAuthorisedError('Only an administrator changes the council’s settings.');
    return this.ds.transaction(async (m) => {
      const [t]: { settings: unknown }[] = await m.query(
        'SELECT settings FROM tenants WHERE tenant_id = $1 FOR UPDATE',
        [actor.tenantId],
      );
      const parsed = councilSettingsSchema.safeParse(
        change(councilSettingsSchema.parse(t?.settings ?? {})),
      );
      if (!parsed.success)
        throw new InvalidInputError(
          'The settings are not valid: fix the fields listed in problems.',
          zodProblems(parsed.error),
        );
      const before = councilSettingsSchema.parse(t?.settings ?? {});
      await m.query('UPDATE tenants SET settings = $2 WHERE tenant_id = $1', [
        actor.tenantId,
        JSON.stringify(parsed.data),
      ]);
      // The council's record of who changed its rules and when, in the directory's chain.
      if (JSON.stringify(before) !== JSON.stringify(parsed.data))
        await this.changes.record(scopeOf(actor), m, {
          at: this.clock.now(),
          actor: { kind: 'person', personId: actor.person.id, name: actor.person.name },
          subject: SETTINGS_SUBJECT,
          subjectId: actor.tenantId,
          action: 'changed',
          before,
          after: parsed.data,
        });
      return parsed.data;
    });
  }
}
