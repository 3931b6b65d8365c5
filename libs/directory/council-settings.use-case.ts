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
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { DirectoryChangeRepository } from './directory-change.repository';
import { TenantRepository } from './tenant.repository';
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
    private readonly tenants: TenantRepository,
    private readonly accounts: StaffAccountsRepository,
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
    const settings = await this.tenants.settings(tenantScope(tenantId), this.ds.manager);
    return councilSettingsSchema.parse(settings ?? {});
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
    const scope = scopeOf(actor);
    const role = await this.accounts.activeRoleOf(scope, this.ds.manager, actor.person.id);
    if (role !== 'administrator')
      throw new NotAuthorisedError('Only an administrator changes the council’s settings.');
    return this.ds.transaction(async (m) => {
      const stored = await this.tenants.lockedSettings(scope, m);
      const parsed = councilSettingsSchema.safeParse(
        change(councilSettingsSchema.parse(stored ?? {})),
      );
      if (!parsed.success)
        throw new InvalidInputError(
          'The settings are not valid: fix the fields listed in problems.',
          zodProblems(parsed.error),
        );
      const before = councilSettingsSchema.parse(stored ?? {});
      await this.tenants.setSettings(scope, m, parsed.data);
      // The council's record of who changed its rules and when, in the directory's chain.
      if (JSON.stringify(before) !== JSON.stringify(parsed.data))
        await this.changes.record(scope, m, {
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
