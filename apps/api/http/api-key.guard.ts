import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  Inject,
  Injectable,
  Optional,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { apiKeyHash, ApiKeyRepository, touchDue } from '../../../libs/directory/api-key.repository';
import { acrossCouncils } from '../../../libs/core/across-councils';
import type { Actor } from '../../../libs/core/actor.dto';
import { Clock } from '../../../libs/core/clock.service';
import { acrossTenants, withTenant } from '../../../libs/core/tenant-context.service';
import { scopeOf, tenantScope } from '../../../libs/core/tenant-scope';
import { DomainError } from '../../../libs/errors/domain.errors';
import { londonDate } from '../../../libs/governance/working-day-calendar.service';
import { SETTINGS, type Settings } from '../../../libs/config/settings.service';
import { NamedStatementPool } from '../../../libs/engine/named-statement-pool.service';
import type { CaseForSend } from '../../../libs/engine/case.repository';
import { SendReadRepository } from '../../../libs/engine/send-read.repository';
import type { KeyVerdict } from '../../../libs/directory/api-key.repository';
import { dayInWords, whenInWords } from '../pages/forms/words.service';

const REFUSED = {
  revoked: 'This API key was revoked',
  expired: 'This API key expired',
  left: 'The person this API key is for left the council',
};

/** A case read with the key, for the send (SendOptions.read): the London day it was read for. */
export interface CaseReadWithKey {
  row: CaseForSend;
  on: string;
}

interface KeyedRequest {
  headers: Record<string, string | undefined>;
  actor?: Actor;
}

const BEARER = /^Bearer (\S+)$/;
const KEY_HASH = Symbol('the hash of the API key the request carries');
type HashedRequest = { headers: { authorization?: string }; [KEY_HASH]?: KeptHash };
interface KeptHash {
  of: string;
  hash: string;
}

/**
 * The SHA-256 of the API key a request's Authorization header carries (undefined when it carries
 * none), worked out once a request: the API rate limit and the guard both need it (issue #21).
 */
export function requestKeyHash(req: HashedRequest): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const kept = req[KEY_HASH];
  if (kept?.of === header) return kept.hash;
  const key = BEARER.exec(header)?.[1];
  if (key === undefined) return undefined;
  const hash = apiKeyHash(key);
  req[KEY_HASH] = { of: header, hash };
  return hash;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How many keys' councils a process keeps (a council's staff's keys; past it, they start again). */
const COUNCILS_KEPT = 10_000;

/**
 * Staff authenticate with a personal API key (Authorization: Bearer <key>), stored only as its
 * SHA-256, until web sign-in replaces it. A key works until it expires or is revoked, or its
 * person leaves; its last use is noted at most once a minute.
 *
 * One read per request (issue #21): the key with its person, bound to the key's council. Which
 * council a key is of is found across councils the first time and then kept by its hash: a key
 * never moves council. Nothing else is kept, so a revoked or expired key, or a leaver's, is
 * refused on its next request in every process; a kept council whose key is not found there is
 * forgotten and looked up again. Only keys that exist are kept: unknown ones cannot fill it.
 * An event sent over the API (event-route.service.ts) reads its case as the engine does, and its
 * key is judged from the row kept under the directory version read with the case
 * (send-read.repository.ts): a change to a key or its person moves that version, so a key
 * changed is judged afresh on its next event too.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly councils = new Map<string, string>();
  /** The key's read as a named statement, as the engine's (DATABASE_NAMED_STATEMENTS). */
  private readonly pooled: NamedStatementPool;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly keys: ApiKeyRepository,
    private readonly sendReads: SendReadRepository,
    @Optional() @Inject(SETTINGS) settings?: Pick<Settings, 'DATABASE_NAMED_STATEMENTS'>,
  ) {
    this.pooled = new NamedStatementPool(ds, settings?.DATABASE_NAMED_STATEMENTS !== 'false');
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<KeyedRequest>();
    // A route whose body is large is authenticated before its body is read (http-app.service.ts).
    req.actor ??= await this.authenticate(req.headers.authorization);
    return true;
  }

  /** The council a key (its hash) was last found in by this process; undefined if none yet. */
  councilOf(hash: string): string | undefined {
    return this.councils.get(hash);
  }

  /**
   * The person a key (its hash) authenticates at `now`, judged from the key as kept under the
   * directory version `row` was read at (a case kept by the engine, sendFromKept): undefined when
   * it is not kept there, is refused, or its use is due to be noted, for resolve() to judge it
   * afresh. A key or person changed since moves that version, which the send's write then finds.
   */
  keptActor(hash: string, row: CaseForSend, now: Date): Actor | undefined {
    const verdict = this.sendReads.keptVerdict(
      row.tenantId,
      row.directoryVersion,
      hash,
      now,
      londonDate(now),
    );
    if (!verdict || !('person' in verdict) || touchDue(verdict.lastUsedAt, now)) return undefined;
    const person = verdict.person;
    return { kind: 'person', tenantId: person.tenantId, person };
  }

  /** The actor an Authorization header names; UNAUTHENTICATED when it names none. */
  async authenticate(authorization: string | undefined): Promise<Actor> {
    return (await this.resolve(authorization)).actor;
  }

  /**
   * The actor, and the case `caseId` read with the key (when it is a UUID; none read when the key
   * is refused or the case is not the key's council's).
   */
  async resolve(
    authorization: string | undefined,
    caseId?: string,
    /** The key's hash when the caller has it already (requestKeyHash of this header). */
    knownHash?: string,
  ): Promise<{ actor: Actor; caseRead?: CaseReadWithKey }> {
    const match = BEARER.exec(authorization ?? '');
    if (!match) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'Sign in needed',
        'Send your API key as "Authorization: Bearer <key>".',
      );
    }
    const now = this.clock.now();
    const today = londonDate(now);
    const hash = knownHash ?? apiKeyHash(match[1]);
    let caseRead: CaseReadWithKey | undefined;
    const withCase = caseId && UUID.test(caseId) ? caseId : undefined;
    const q = () => this.pooled.queryable() ?? this.ds.manager;
    const read = (council: string): Promise<KeyVerdict | null> =>
      withTenant(council, async () => {
        if (!withCase) return this.keys.authenticate(tenantScope(council), q(), hash, now, today);
        const both = await this.sendReads.keyAndCase(
          tenantScope(council),
          q(),
          hash,
          withCase,
          now,
          today,
        );
        if (both?.row) caseRead = { row: both.row, on: today };
        return both?.key ?? null;
      });
    const kept = this.councils.get(hash);
    let found = kept ? await read(kept) : null;
    if (!found) {
      this.councils.delete(hash);
      // The key's council is found across councils; the key itself is read bound to it (ADR 0015).
      const council = await acrossTenants(() =>
        this.keys.councilOfKey(acrossCouncils('council look-up'), this.ds.manager, hash),
      );
      found = council ? await read(council) : null;
      if (found && council) {
        if (this.councils.size >= COUNCILS_KEPT) this.councils.clear();
        this.councils.set(hash, council);
      }
    }
    if (!found)
      throw new DomainError(
        'UNAUTHENTICATED',
        'Unknown API key',
        'The API key is not recognised: check it or ask an administrator for a new one.',
      );
    if ('refused' in found) {
      // When, in words on London's clock (a day for a person who left): never a UTC time.
      const on = found.on instanceof Date ? whenInWords(found.on) : dayInWords(found.on, found.on);
      throw new DomainError(
        'UNAUTHENTICATED',
        'API key no longer works',
        `${REFUSED[found.refused]} on ${on}: ask an administrator of your council for a new one.`,
      );
    }
    const person = found.person;
    if (touchDue(found.lastUsedAt, now))
      await withTenant(person.tenantId, () =>
        this.keys.touch(scopeOf(person), this.ds.manager, found.keyId, now),
      );
    return { actor: { kind: 'person', tenantId: person.tenantId, person }, caseRead };
  }
}

/** The authenticated person, as the engine's actor. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without ApiKeyGuard');
  return actor;
});
