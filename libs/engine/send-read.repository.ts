import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import {
  KEY_READ_COLUMNS,
  KEY_READ_FROM,
  keyVerdict,
  touchDue,
  type KeyRow,
  type KeyVerdict,
} from '../directory/api-key.repository';
import { FOR_SEND_ONE, type CaseForSend } from './case.repository';

/**
 * A key and its person ($1 the council, $2 the key's hash) with the council's directory version
 * read in the same statement, the version they are kept under.
 */
const KEY_AT_VERSION = `SELECT ${KEY_READ_COLUMNS}, t.directory_version::text AS "directoryVersion"
  FROM ${KEY_READ_FROM} JOIN tenants t ON t.tenant_id = k.tenant_id
 WHERE k.tenant_id = $1 AND k.key_hash = $2`;

/**
 * Keys with their people as read at a council's directory version, by council, version and key
 * hash. Every change to a key's row but its last use (migration 1796436000000) and every change to
 * a person's (the people table's trigger) moves their council's directory version in the same
 * transaction, and versions come from a sequence, never handed out twice: a key kept under the
 * version a statement reads is the key and person as that statement would read them. Only
 * last_used_at may be older than the database's; this process notes its own touches here.
 * Bounded: superseded versions' entries are never asked for again.
 */
const KEYS_KEPT = new Map<string, KeyRow>();
const KEYS_KEPT_AT_MOST = 2000;
const keptAs = (tenantId: string, version: string, hash: string) =>
  `${tenantId}|${version}|${hash}`;

/**
 * What an event sent over the API reads before the send runs (issue #21): the case as the send
 * reads it (FOR_SEND_ONE, the very statement the engine in-process runs, so the same named statement
 * on a connection), bound to the key's council, and the caller's API key judged at `at` as
 * ApiKeyRepository.authenticate judges it (revoked, expired or its person gone: refused at once)
 * from the key kept under the directory version read with the case (KEYS_KEPT), so that
 * PostgreSQL does not read api_keys on every event (docs/benchmarks.md, "PostgreSQL's extra per
 * event over HTTP"). The key is read apart, and kept, on a miss: a key's first event after any
 * change to the council's directory or keys, or a case not found. The case is read whatever the
 * key's verdict; the caller uses it only for a key that authenticates, and the send checks the
 * version in its write as ever.
 */
@Injectable()
export class SendReadRepository {
  async keyAndCase(
    scope: TenantScope,
    q: Queryable,
    hash: string,
    caseId: string,
    at: Date,
    today: string,
  ): Promise<{ key: KeyVerdict; row: CaseForSend | null } | null> {
    const [row]: CaseForSend[] = await q.query(FOR_SEND_ONE, [scope.tenantId, caseId, today]);
    const key = await this.keyOf(scope, q, hash, row?.directoryVersion ?? null);
    if (!key) return null;
    const verdict = keyVerdict(key, at, today);
    // The caller notes this use (ApiKeyGuard, touchDue): this process's next events in the minute
    // need not note it again, as they would not had the key been read afresh.
    if ('person' in verdict && touchDue(key.lastUsedAt, at)) key.lastUsedAt = at;
    return { key: verdict, row: row ?? null };
  }

  /**
   * The key as kept under the council's directory version `version` (none kept: undefined),
   * judged at `at` as keyAndCase judges it; the use it notes is this process's, as there.
   */
  keptVerdict(
    tenantId: string,
    version: string,
    hash: string,
    at: Date,
    today: string,
  ): KeyVerdict | undefined {
    const key = KEYS_KEPT.get(keptAs(tenantId, version, hash));
    return key ? keyVerdict(key, at, today) : undefined;
  }

  /**
   * The key with its person: kept under `version` (the directory version read with the case),
   * else read with the version of the moment and kept under it. Null: no such key in the council,
   * or its person is not.
   */
  private async keyOf(
    scope: TenantScope,
    q: Queryable,
    hash: string,
    version: string | null,
  ): Promise<KeyRow | null> {
    const kept =
      version === null ? undefined : KEYS_KEPT.get(keptAs(scope.tenantId, version, hash));
    if (kept) return kept;
    const [read]: (KeyRow & { directoryVersion: string })[] = await q.query(KEY_AT_VERSION, [
      scope.tenantId,
      hash,
    ]);
    if (!read) return null;
    const { directoryVersion, ...key } = read;
    if (KEYS_KEPT.size >= KEYS_KEPT_AT_MOST) KEYS_KEPT.clear();
    KEYS_KEPT.set(keptAs(scope.tenantId, directoryVersion, hash), key);
    return key;
  }
}
