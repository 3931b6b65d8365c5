import { Injectable } from '@nestjs/common';
import { scopeOf, tenantScope } from '../../core/tenant-scope';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { Clock } from '../../core/clock.service';
import { InvalidInputError } from '../../errors/domain.errors';
import { endOfLondonDay, londonDate } from '../../governance/working-day-calendar.service';
import { apiKeyHash, ApiKeyRepository } from '../api-key.repository';
import { DirectoryAccess } from '../directory-access.service';
import { type DirectoryActor, DirectoryChangeRepository } from '../directory-change.repository';
import { PersonRepository } from '../person.repository';
import { directoryDate, parseInput, uuidOf } from './directory-input.service';
import { ApiKeyView, apiKeyView } from './read-api-keys.use-case';

export const newApiKeySchema = z
  .object({
    personId: uuidOf('personId').describe('whose key it is: it acts as them'),
    name: z
      .string({ message: 'name the key by what it is for, e.g. Finance system integration' })
      .trim()
      .min(1, 'name the key by what it is for, e.g. Finance system integration')
      .max(200, 'use at most 200 characters in the name'),
    expiresOn: directoryDate
      .nullable()
      .default(null)
      .describe('the last day it works (to midnight, London); null: until revoked'),
  })
  .strict();

/**
 * An administrator makes an API key for a person of the council. The key is in the answer once
 * and never again: only its SHA-256 is kept, and the record of changes names the key, not it.
 */
/**
 * A new key stored as its SHA-256 with the change on the record, in the caller's transaction; the
 * key itself is returned to be shown once.
 */
export async function issueApiKey(
  repos: { keys: ApiKeyRepository; changes: DirectoryChangeRepository },
  m: EntityManager,
  k: {
    tenantId: string;
    personId: string;
    name: string;
    expiresAt: Date | null;
    at: Date;
    by: DirectoryActor;
  },
): Promise<ApiKeyView & { key: string }> {
  const { keys, changes } = repos;
  const key = `rat_${randomBytes(32).toString('base64url')}`;
  const id = await keys.insert(scopeOf(k), m, {
    personId: k.personId,
    name: k.name,
    keyHash: apiKeyHash(key),
    createdAt: k.at,
    expiresAt: k.expiresAt,
  });
  const created = apiKeyView((await keys.find(scopeOf(k), m, id))!, k.at);
  await changes.record(tenantScope(k.tenantId), m, {
    at: k.at,
    actor: k.by,
    subject: 'apiKey',
    subjectId: id,
    action: 'created',
    before: null,
    after: created,
  });
  return { ...created, key };
}

@Injectable()
export class CreateApiKeyUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    private readonly people: PersonRepository,
    private readonly keys: ApiKeyRepository,
    private readonly changes: DirectoryChangeRepository,
  ) {}

  async create(input: unknown, actor: Actor): Promise<ApiKeyView & { key: string }> {
    const now = this.clock.now();
    const today = londonDate(now);
    const k = parseInput(newApiKeySchema, input, 'API key');
    const problems: { path: string; message: string }[] = [];
    if (k.expiresOn !== null && k.expiresOn < today)
      problems.push({
        path: 'expiresOn',
        message: `the last day it works (${k.expiresOn}) is before today (${today})`,
      });
    return this.ds.transaction(async (m) => {
      const by = await this.access.administrator(m, actor, today);
      const person = await this.people.find(scopeOf(actor), m, k.personId);
      if (!person)
        problems.push({ path: 'personId', message: 'choose a person of your council’s directory' });
      else if (person.leftOn && person.leftOn <= today)
        problems.push({
          path: 'personId',
          message: `${person.name} left on ${person.leftOn}: a key of theirs would never work`,
        });
      if (problems.length > 0)
        throw new InvalidInputError(
          'The API key is not valid: fix the fields listed in problems.',
          problems,
        );
      return issueApiKey({ keys: this.keys, changes: this.changes }, m, {
        tenantId: actor.tenantId,
        personId: k.personId,
        name: k.name,
        expiresAt: k.expiresOn === null ? null : endOfLondonDay(k.expiresOn),
        at: now,
        by,
      });
    });
  }
}
