import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../core/tenant-scope';

export interface SubstituteRecord {
  id: string;
  membershipId: string;
  personId: string;
  /** The substitute's name, for lists and refusals (not written). */
  personName: string;
  validFrom: string;
  validUntil: string | null;
  reference: string;
  version: number;
}

export type SubstituteWrite = Omit<SubstituteRecord, 'id' | 'version' | 'personName'>;

const COLUMNS = `x.id, x.membership_id AS "membershipId", x.person_id AS "personId", p.name AS "personName",
  x.valid_from::text AS "validFrom", x.valid_until::text AS "validUntil", x.reference, x.version`;
const FROM = `membership_substitutes x JOIN people p ON p.id = x.person_id AND p.tenant_id = x.tenant_id`;

/**
 * The substitution scheme: the SQL of the named substitutes of each seat. Every method reads and
 * writes the council its scope names and no other (ADR 0015).
 */
export class MembershipSubstituteRepository {
  /** The seat's named substitutes, in force on `on` when given, earliest first. */
  async ofSeat(
    scope: TenantScope,
    m: EntityManager,
    membershipId: string,
    on?: string,
  ): Promise<SubstituteRecord[]> {
    return m.query(
      `SELECT ${COLUMNS} FROM ${FROM}
        WHERE x.tenant_id = $1 AND x.membership_id = $2
          AND ($3::date IS NULL OR (x.valid_from <= $3::date AND (x.valid_until IS NULL OR x.valid_until >= $3::date)))
        ORDER BY x.valid_from, p.name, x.id`,
      [scope.tenantId, membershipId, on ?? null],
    );
  }

  async find(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<SubstituteRecord | null> {
    const [row]: SubstituteRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE x.tenant_id = $1 AND x.id = $2${opts.lock ? ' FOR UPDATE OF x' : ''}`,
      [scope.tenantId, id],
    );
    return row ?? null;
  }

  async insert(
    scope: TenantScope,
    m: EntityManager,
    w: SubstituteWrite,
  ): Promise<SubstituteRecord> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO membership_substitutes (tenant_id, membership_id, person_id, valid_from, valid_until, reference)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [scope.tenantId, w.membershipId, w.personId, w.validFrom, w.validUntil, w.reference],
    );
    return (await this.find(scope, m, row.id))!;
  }

  /** Writes `w` over the row at `version`; null when another change got there first. */
  async update(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    version: number,
    w: SubstituteWrite,
  ): Promise<SubstituteRecord | null> {
    const rows: { id: string }[] = await m.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not rows.
      `WITH u AS (
         UPDATE membership_substitutes SET valid_from = $4, valid_until = $5, reference = $6, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING id)
       SELECT id FROM u`,
      [scope.tenantId, id, version, w.validFrom, w.validUntil, w.reference],
    );
    return rows.length > 0 ? this.find(scope, m, id) : null;
  }
}
