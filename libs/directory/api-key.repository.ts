import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { PersonRow } from './directory.repository';
import type { AcrossCouncils } from '../core/across-councils';
import type { TenantScope } from '../core/tenant-scope';
import type { Queryable } from '../core/queryable';

/** The one way a key is kept: its SHA-256, never the key. */
export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface ApiKeyRecord {
  id: string;
  personId: string;
  personName: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface ApiKeyFilter {
  personId?: string;
  /** Working at `at`, or revoked, or expired by `at`. */
  status?: { at: Date; is: 'active' | 'revoked' | 'expired' };
  limit: number;
  offset: number;
}

/** Why a key authenticates nobody, when it is one the council made. */
export type KeyRefusal = 'revoked' | 'expired' | 'left';

const COLUMNS = `k.id, k.person_id AS "personId", p.name AS "personName", k.name, k.created_at AS "createdAt",
  k.last_used_at AS "lastUsedAt", k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt"`;

/** What a key's read returns: the key's dates and its person. */
export type KeyRow = PersonRow & {
  keyId: string;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  leftOn: string | null;
};

/** Whom a key authenticates, or why it does not. */
export type KeyVerdict =
  | { person: PersonRow; keyId: string; lastUsedAt: Date | null }
  | { refused: KeyRefusal; on: Date | string };

/**
 * A key's read, as columns and tables (`k` the key, `p` its person); a person's columns alone for
 * a statement that reads a key's person apart (libs/engine/send-read.repository.ts).
 */
export const PERSON_COLUMNS = `p.id, p.tenant_id AS "tenantId", p.name, p.email, p.is_officer AS "isOfficer",
              p.is_elected_member AS "isElectedMember", p.left_on::text AS "leftOn"`;
export const KEY_READ_COLUMNS = `k.id AS "keyId", k.last_used_at AS "lastUsedAt", k.expires_at AS "expiresAt", k.revoked_at AS "revokedAt",
              ${PERSON_COLUMNS}`;
export const KEY_READ_FROM = `api_keys k JOIN people p ON p.id = k.person_id AND p.tenant_id = k.tenant_id`;

/** Whether a key last noted as used at `lastUsedAt` is to be noted again at `at`: once a minute. */
export function touchDue(lastUsedAt: Date | null, at: Date): boolean {
  return !lastUsedAt || at.getTime() - lastUsedAt.getTime() >= 60_000;
}

/** A key read at `at` (London day `today`): its person, or why it authenticates nobody. */
export function keyVerdict(row: KeyRow, at: Date, today: string): KeyVerdict {
  if (row.revokedAt && row.revokedAt <= at) return { refused: 'revoked', on: row.revokedAt };
  if (row.expiresAt && row.expiresAt <= at) return { refused: 'expired', on: row.expiresAt };
  if (row.leftOn && row.leftOn <= today) return { refused: 'left', on: row.leftOn };
  const { keyId, lastUsedAt, expiresAt: _e, revokedAt: _r, leftOn: _l, ...person } = row;
  return { person, keyId, lastUsedAt };
}

/** API keys: the SQL of their table. The key itself is never stored or returned, only made once. */
export class ApiKeyRepository {
  /**
   * The council whose key has this hash, and nothing else of it: the look-up that finds the
   * council before any is bound, run across councils (acrossTenants, ADR 0015).
   */
  async councilOfKey(
    _lookUp: AcrossCouncils<'council look-up'>,
    m: EntityManager,
    hash: string,
  ): Promise<string | null> {
    const [row]: { tenant_id: string }[] = await m.query(
      'SELECT tenant_id FROM api_keys WHERE key_hash = $1',
      [hash],
    );
    return row?.tenant_id ?? null;
  }

  /**
   * The person a key authenticates at `at` (London day `today`), or why it does not: revoked,
   * expired, or its person has left. Null: no such key in the council (councilOfKey found it).
   * Read on every request: the guard runs it as a named statement (planned once a connection).
   */
  async authenticate(
    scope: TenantScope,
    m: Queryable,
    hash: string,
    at: Date,
    today: string,
  ): Promise<KeyVerdict | null> {
    const [row]: KeyRow[] = await m.query(
      `SELECT ${KEY_READ_COLUMNS} FROM ${KEY_READ_FROM} WHERE k.tenant_id = $1 AND k.key_hash = $2`,
      [scope.tenantId, hash],
    );
    return row ? keyVerdict(row, at, today) : null;
  }

  /** Notes that the key was used at `at`, unless that was noted in the last minute. */
  async touch(scope: TenantScope, m: EntityManager, keyId: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE api_keys SET last_used_at = $3
        WHERE tenant_id = $1 AND id = $2
          AND (last_used_at IS NULL OR last_used_at < $3::timestamptz - interval '1 minute')`,
      [scope.tenantId, keyId, at],
    );
  }

  async list(scope: TenantScope, m: EntityManager, f: ApiKeyFilter): Promise<ApiKeyRecord[]> {
    const params: unknown[] = [scope.tenantId];
    const where = ['k.tenant_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.personId) add((p) => `k.person_id = ${p}::uuid`, f.personId);
    if (f.status)
      add((p) => {
        switch (f.status!.is) {
          case 'active':
            return `(k.revoked_at IS NULL OR k.revoked_at > ${p}) AND (k.expires_at IS NULL OR k.expires_at > ${p})`;
          case 'revoked':
            return `k.revoked_at <= ${p}`;
          case 'expired':
            return `k.expires_at <= ${p} AND (k.revoked_at IS NULL OR k.revoked_at > ${p})`;
        }
      }, f.status.at);
    params.push(f.limit, f.offset);
    return m.query(
      `SELECT ${COLUMNS} FROM api_keys k JOIN people p ON p.id = k.person_id AND p.tenant_id = k.tenant_id
        WHERE ${where.join(' AND ')}
        ORDER BY k.created_at DESC, k.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  async find(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<ApiKeyRecord | null> {
    const [row]: ApiKeyRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM api_keys k JOIN people p ON p.id = k.person_id AND p.tenant_id = k.tenant_id
        WHERE k.tenant_id = $1 AND k.id = $2${opts.lock ? ' FOR UPDATE OF k' : ''}`,
      [scope.tenantId, id],
    );
    return row ?? null;
  }

  async insert(
    scope: TenantScope,
    m: EntityManager,
    k: { personId: string; name: string; keyHash: string; createdAt: Date; expiresAt: Date | null },
  ): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO api_keys (tenant_id, person_id, name, key_hash, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [scope.tenantId, k.personId, k.name, k.keyHash, k.createdAt, k.expiresAt],
    );
    return row.id;
  }

  async revoke(scope: TenantScope, m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(
      'UPDATE api_keys SET revoked_at = $3 WHERE tenant_id = $1 AND id = $2 AND revoked_at IS NULL',
      [scope.tenantId, id, at],
    );
  }
}
