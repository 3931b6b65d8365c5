import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import {
  KEY_READ_COLUMNS,
  KEY_READ_FROM,
  keyVerdict,
  type KeyRow,
  type KeyVerdict,
} from '../directory/api-key.repository';
import { FOR_SEND, type CaseForSend } from './case.repository';

/**
 * The key's read and the send's, side by side: the key's person under names no case column has
 * ($1 the council, $2 the case's id in a list, $3 the London day, $4 the key's hash).
 */
const KEY_AND_CASE = `SELECT k."keyId", k."lastUsedAt", k."expiresAt", k."revokedAt", k.id AS "personId",
       k."tenantId" AS "personTenantId", k.name AS "personName", k.email AS "personEmail",
       k."isOfficer", k."isElectedMember", k."leftOn", c.*
  FROM (SELECT ${KEY_READ_COLUMNS} FROM ${KEY_READ_FROM} WHERE k.tenant_id = $1 AND k.key_hash = $4) k
  LEFT JOIN LATERAL (${FOR_SEND}) c ON true`;

type KeyAndCaseRow = Omit<KeyRow, 'id' | 'tenantId' | 'name' | 'email'> & {
  personId: string;
  personTenantId: string;
  personName: string;
  personEmail: string;
} & { [K in keyof CaseForSend]: CaseForSend[K] | null };

/**
 * What an event sent over the API reads before the send runs, in one statement and one round trip
 * (issue #21): the caller's API key with its person, as ApiKeyRepository.authenticate reads it,
 * and the case as the send reads it (CaseRepository.findManyForSend), both bound to the key's
 * council. The case is read whatever the key's verdict; the caller uses it only for a key that
 * authenticates, and the send checks the version in its write as ever.
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
    const { keyId, lastUsedAt, expiresAt, revokedAt, leftOn, isOfficer, isElectedMember } = found;
    const { personId, personTenantId, personName, personEmail, ...rest } = found;
    const key: KeyRow = {
      keyId,
      lastUsedAt,
      expiresAt,
      revokedAt,
      leftOn,
      id: personId,
      tenantId: personTenantId,
      name: personName,
      email: personEmail,
      isOfficer,
      isElectedMember,
    };
    const {
      keyId: _k,
      lastUsedAt: _u,
      expiresAt: _e,
      revokedAt: _r,
      leftOn: _l,
      isOfficer: _o,
      isElectedMember: _m,
      ...row
    } = rest;
    return {
      key: keyVerdict(key, at, today),
      row: row.id === null ? null : (row as CaseForSend),
    };
  }
}
