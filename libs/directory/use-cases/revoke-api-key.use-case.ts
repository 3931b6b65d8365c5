import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { ApiKeyRepository } from '../api-key.repository';
import { DirectoryAccess } from '../directory-access.service';
import { DirectoryChangeRepository } from '../directory-change.repository';
import { DirectoryRecordNotFoundError } from '../directory.errors';
import { uuidOf } from './directory-input.service';
import { ApiKeyView, apiKeyView } from './read-api-keys.use-case';
import { scopeOf } from '../../core/tenant-scope';

/**
 * An administrator revokes an API key: it stops working at once, and stays listed as revoked.
 * Revoking a revoked key changes nothing.
 */
@Injectable()
export class RevokeApiKeyUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly keys: ApiKeyRepository,
    private readonly changes: DirectoryChangeRepository,
  ) {}

  async revoke(id: string, actor: Actor): Promise<ApiKeyView> {
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      const by = await this.access.administrator(m, actor, londonDate(now));
      const before = uuidOf('id').safeParse(id).success
        ? await this.keys.find(scopeOf(actor), m, id, { lock: true })
        : null;
      if (!before) throw new DirectoryRecordNotFoundError('API key', id);
      if (before.revokedAt) return apiKeyView(before, now);
      await this.keys.revoke(scopeOf(actor), m, id, now);
      const after = apiKeyView((await this.keys.find(scopeOf(actor), m, id))!, now);
      await this.changes.record(scopeOf(actor), m, {
        at: now,
        actor: by,
        subject: 'apiKey',
        subjectId: id,
        action: 'revoked',
        before: apiKeyView(before, now),
        after,
      });
      return after;
    });
  }
}
