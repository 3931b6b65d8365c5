import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import {
  PERSON_COLUMNS,
  keyVerdict,
  type KeyRow,
  type KeyVerdict,
} from '../directory/api-key.repository';
import { FOR_SEND, type CaseForSend } from './case.repository';

/**
 * The key's read and the send's, side by side ($1 the council, $2 the case's id in a list, $3 the
 * London day, $4 the key's hash): the key's own columns under names no case column has, its
 * person's id only; the person comes from PEOPLE_KEPT under the directory version read with the
 * case (FOR_SEND's "directoryVersion").
 */
const KEY_AND_CASE = `SELECT k.id AS "keyId", k.last_used_at AS "lastUsedAt", k.expires_at AS "expiresAt",
       k.revoked_at AS "revokedAt", k.person_id AS "keyPersonId", c.*
  FROM api_keys k
  LEFT JOIN LATERAL (${FOR_SEND}) c ON true
 WHERE k.tenant_id = $1 AND k.key_hash = $4`;

/** A key's person ($1 the council, $2 the person) with the directory version it is read at. */
const PERSON_AT_VERSION = `SELECT ${PERSON_COLUMNS}, t.directory_version::text AS "directoryVersion"
  FROM people p JOIN tenants t ON t.tenant_id = p.tenant_id
 WHERE p.tenant_id = $1 AND p.id = $2`;

type KeyAndCaseRow = Pick<KeyRow, 'keyId' | 'lastUsedAt' | 'expiresAt' | 'revokedAt'> & {
  keyPersonId: string;
} & { [K in keyof CaseForSend]: CaseForSend[K] | null };

type KeyPerson = Omit<KeyRow, 'keyId' | 'lastUsedAt' | 'expiresAt' | 'revokedAt'>;

/**
 * Keys' people as read at a council's directory version, by council, version and person. Every
 * change to a person's row moves their council's directory version in the same transaction (the
 * people table's bump_directory_version trigger), and versions come from a sequence, never handed
 * out twice: a person kept under the version a statement reads is the person as that statement
 * would read them. Bounded: superseded versions' entries are never asked for again.
 */
const PEOPLE_KEPT = new Map<string, KeyPerson>();
const PEOPLE_KEPT_AT_MOST = 2000;
const keptAs = (tenantId: string, version: string, personId: string) =>
  `${tenantId}|${version}|${personId}`;

/**
 * What an event sent over the API reads before the send runs, in one statement and one round trip
 * (issue #21): the caller's API key, read on every request as ApiKeyRepository.authenticate reads
 * it (revoked or expired at once), and the case as the send reads it
 * (CaseRepository.findManyForSend), both bound to the key's council. The key's person is the one
 * kept under the directory version read with the case (PEOPLE_KEPT), so that PostgreSQL does not
 * join the people table into every event's read (docs/benchmarks.md, "PostgreSQL's extra per
 * event over HTTP"); read apart, once a version, otherwise. The case is read whatever the key's
 * verdict; the caller uses it only for a key that authenticates, and the send checks the version
 * in its write as ever.
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
    const [found]: KeyAndCaseRow[] = await q.query(KEY_AND_CASE, [
      scope.tenantId,
      [caseId],
      today,
      hash,
    ]);
    if (!found) return null;
    const { keyId, lastUsedAt, expiresAt, revokedAt, keyPersonId, ...row } = found;
    const person = await this.personOf(scope, q, keyPersonId, row.directoryVersion);
    if (!person) return null;
    return {
      key: keyVerdict({ ...person, keyId, lastUsedAt, expiresAt, revokedAt }, at, today),
      row: row.id === null ? null : (row as CaseForSend),
    };
  }

  /**
   * The key's person: kept under `version` (the directory version read with the key), else read
   * with the version of the moment and kept under it. Null: no such person in the council.
   */
  private async personOf(
    scope: TenantScope,
    q: Queryable,
    personId: string,
    version: string | null,
  ): Promise<KeyPerson | null> {
    const kept =
      version === null ? undefined : PEOPLE_KEPT.get(keptAs(scope.tenantId, version, personId));
    if (kept) return kept;
    const [read]: (KeyPerson & { directoryVersion: string })[] = await q.query(PERSON_AT_VERSION, [
      scope.tenantId,
      personId,
    ]);
    if (!read) return null;
    const { directoryVersion, ...person } = read;
    if (PEOPLE_KEPT.size >= PEOPLE_KEPT_AT_MOST) PEOPLE_KEPT.clear();
    PEOPLE_KEPT.set(keptAs(scope.tenantId, directoryVersion, personId), person);
    return person;
  }
}
