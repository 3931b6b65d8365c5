import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { ApiKeyRecord, ApiKeyRepository } from '../api-key.repository';
import { DirectoryAccess } from '../directory-access.service';
import { Page, pageOf, paging, parseInput, uuidOf } from './directory-input.service';
import { scopeOf } from '../../core/tenant-scope';

export type ApiKeyStatus = 'active' | 'revoked' | 'expired';

/** A key as administrators see it: never the key, nor its hash. */
export interface ApiKeyView extends ApiKeyRecord {
  status: ApiKeyStatus;
}

export function apiKeyView(k: ApiKeyRecord, at: Date): ApiKeyView {
  const status: ApiKeyStatus =
    k.revokedAt && k.revokedAt <= at
      ? 'revoked'
      : k.expiresAt && k.expiresAt <= at
        ? 'expired'
        : 'active';
  return { ...k, status };
}

const listQuery = z
  .object({
    personId: uuidOf('personId').optional(),
    status: z
      .enum(['active', 'revoked', 'expired'], { message: 'status is active, revoked or expired' })
      .optional(),
    ...paging,
  })
  .strict();

/** Administrators list the council's API keys: whose, what for, when last used, whether they work. */
@Injectable()
export class ReadApiKeysUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly keys: ApiKeyRepository,
  ) {}

  async list(query: unknown, actor: Actor): Promise<Page<ApiKeyView>> {
    const now = this.clock.now();
    const f = parseInput(listQuery, query, 'filter');
    await this.access.administrator(this.ds.manager, actor, londonDate(now));
    const rows = await this.keys.list(scopeOf(actor), this.ds.manager, {
      personId: f.personId,
      status: f.status ? { at: now, is: f.status } : undefined,
      limit: f.limit + 1,
      offset: f.offset,
    });
    return pageOf(
      rows.map((k) => apiKeyView(k, now)),
      f.limit,
      f.offset,
    );
  }
}
