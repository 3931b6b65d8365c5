import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { zodProblems } from '../core/zod-problems.service';
import { InvalidInputError, NotAuthorisedError } from '../errors/domain.errors';
import {
  councilSettingsSchema,
  type CouncilSettings,
} from '../governance/council-settings.service';

/** Reads and changes a council's settings for the rules; only an administrator changes them. */
@Injectable()
export class CouncilSettingsUseCase {
  constructor(private readonly ds: DataSource) {}

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
      await m.query('UPDATE tenants SET settings = $2 WHERE tenant_id = $1', [
        actor.tenantId,
        JSON.stringify(parsed.data),
      ]);
      return parsed.data;
    });
  }
}
