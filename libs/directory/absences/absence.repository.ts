import type { EntityManager } from 'typeorm';
import type { CoverDelegation, OtherAbsence } from '../../governance/absence-cover.service';
import type { AcrossCouncils } from '../../core/across-councils';
import type { TenantScope } from '../../core/tenant-scope';
import { holderOnSql } from '../office.repository';

/** An absence as stored, with the names its pages and the API show. */
export interface AbsenceRecord {
  id: string;
  tenantId: string;
  person: { id: string; name: string };
  deputy: { id: string; name: string };
  delegation: {
    id: string;
    delegateOfficeTitle: string;
    grantorName: string;
    scope: string;
    reference: string;
  };
  firstDay: string;
  lastDay: string;
  note: string | null;
  recordedBy: string;
  recordedAt: Date;
  cancelledAt: Date | null;
  coveredAt: Date | null;
  version: number;
}

export interface AbsenceWrite {
  personId: string;
  deputyPersonId: string;
  delegationId: string;
  firstDay: string;
  lastDay: string;
  note: string | null;
}

const SELECT = `SELECT a.id, a.tenant_id AS "tenantId",
    json_build_object('id', p.id, 'name', p.name) AS person,
    json_build_object('id', q.id, 'name', q.name) AS deputy,
    json_build_object('id', d.id, 'delegateOfficeTitle', o.title, 'grantorName', coalesce(b.name, g.title),
                      'scope', d.scope, 'reference', d.reference) AS delegation,
    a.first_day::text AS "firstDay", a.last_day::text AS "lastDay", a.note,
    a.recorded_by AS "recordedBy", a.recorded_at AS "recordedAt", a.cancelled_at AS "cancelledAt",
    a.covered_at AS "coveredAt", a.version
  FROM absences a
  JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
  JOIN people q ON q.id = a.deputy_person_id AND q.tenant_id = a.tenant_id
  JOIN delegations d ON d.id = a.delegation_id AND d.tenant_id = a.tenant_id
  JOIN offices o ON o.id = d.delegate_office_id AND o.tenant_id = d.tenant_id
  LEFT JOIN bodies b ON b.id = d.delegator_body_id AND b.tenant_id = d.tenant_id
  LEFT JOIN offices g ON g.id = d.delegator_office_id AND g.tenant_id = d.tenant_id`;

const DELEGATION = `d.id, d.delegator_body_id AS "delegatorBodyId", d.delegator_office_id AS "delegatorOfficeId",
    coalesce(b.name, g.title) AS "grantorName", d.delegate_office_id AS "delegateOfficeId",
    o.title AS "delegateOfficeTitle", d.scope, d.reference, d.valid_from AS "validFrom",
    d.valid_until AS "validUntil", d.revoked_at AS "revokedAt"
  FROM delegations d
  JOIN offices o ON o.id = d.delegate_office_id AND o.tenant_id = d.tenant_id
  LEFT JOIN bodies b ON b.id = d.delegator_body_id AND b.tenant_id = d.tenant_id
  LEFT JOIN offices g ON g.id = d.delegator_office_id AND g.tenant_id = d.tenant_id`;

/**
 * Absences with deputies: the SQL of the absences table. Rows are never deleted. Every method but
 * `dueForCover` reads and writes the council its scope names and no other (ADR 0015).
 */
export class AbsenceRepository {
  /** Absences are recorded one at a time per council (the council's row locked to the end). */
  async lockCouncil(scope: TenantScope, m: EntityManager): Promise<void> {
    await m.query('SELECT 1 FROM tenants WHERE tenant_id = $1 FOR UPDATE', [scope.tenantId]);
  }

  async insert(
    scope: TenantScope,
    m: EntityManager,
    a: AbsenceWrite,
    by: string,
    at: Date,
  ): Promise<AbsenceRecord> {
    const [{ id }]: { id: string }[] = await m.query(
      `INSERT INTO absences (tenant_id, person_id, deputy_person_id, delegation_id, first_day, last_day,
                             note, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
      [
        scope.tenantId,
        a.personId,
        a.deputyPersonId,
        a.delegationId,
        a.firstDay,
        a.lastDay,
        a.note,
        by,
        at,
      ],
    );
    return (await this.find(scope, m, id))!;
  }

  async find(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    o: { lock?: boolean } = {},
  ): Promise<AbsenceRecord | null> {
    const rows: AbsenceRecord[] = await m.query(
      `${SELECT} WHERE a.tenant_id = $1 AND a.id = $2${o.lock ? ' FOR UPDATE OF a' : ''}`,
      [scope.tenantId, id],
    );
    return rows[0] ?? null;
  }

  /** The absences of a person (away or covering), not cancelled, ending on or after `from`. */
  async list(
    scope: TenantScope,
    m: EntityManager,
    f: { personId?: string; from: string; limit: number },
  ): Promise<AbsenceRecord[]> {
    return m.query(
      `${SELECT} WHERE a.tenant_id = $1 AND a.cancelled_at IS NULL AND a.last_day >= $2::date
         AND ($3::uuid IS NULL OR a.person_id = $3::uuid OR a.deputy_person_id = $3::uuid)
       ORDER BY a.first_day, p.name, a.id LIMIT $4`,
      [scope.tenantId, f.from, f.personId ?? null, f.limit],
    );
  }

  /** The absences of any of `personIds`, not cancelled, running on `day` (they are away). */
  async runningFor(
    scope: TenantScope,
    m: EntityManager,
    personIds: string[],
    day: string,
  ): Promise<AbsenceRecord[]> {
    if (personIds.length === 0) return [];
    return m.query(
      `${SELECT} WHERE a.tenant_id = $1 AND a.cancelled_at IS NULL AND a.person_id = ANY($2::uuid[])
         AND a.first_day <= $3::date AND a.last_day >= $3::date ORDER BY a.first_day, a.id`,
      [scope.tenantId, personIds, day],
    );
  }

  /** Absences not cancelled of any of `personIds` (away or covering) overlapping the days. */
  async overlapping(
    scope: TenantScope,
    m: EntityManager,
    personIds: string[],
    firstDay: string,
    lastDay: string,
    exceptId: string | null,
  ): Promise<OtherAbsence[]> {
    return m.query(
      `SELECT person_id AS "personId", deputy_person_id AS "deputyPersonId",
              first_day::text AS "firstDay", last_day::text AS "lastDay"
         FROM absences
        WHERE tenant_id = $1 AND cancelled_at IS NULL AND first_day <= $4::date AND last_day >= $3::date
          AND (person_id = ANY($2::uuid[]) OR deputy_person_id = ANY($2::uuid[]))
          AND ($5::uuid IS NULL OR id <> $5::uuid)
        ORDER BY first_day`,
      [scope.tenantId, personIds, firstDay, lastDay, exceptId],
    );
  }

  /** The offices the person holds on `day`. */
  async officesHeld(
    scope: TenantScope,
    m: EntityManager,
    personId: string,
    day: string,
  ): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT f.id FROM offices f WHERE f.tenant_id = $1 AND ${holderOnSql('$1', 'f.id', '$3')} = $2::uuid`,
      [scope.tenantId, personId, day],
    );
    return rows.map((r) => r.id);
  }

  /** The delegations to any of the offices, not revoked by the start of `since`. */
  async delegationsTo(
    scope: TenantScope,
    m: EntityManager,
    officeIds: string[],
    since: Date,
  ): Promise<CoverDelegation[]> {
    if (officeIds.length === 0) return [];
    return m.query(
      `SELECT ${DELEGATION} WHERE d.tenant_id = $1 AND d.delegate_office_id = ANY($2::uuid[])
         AND (d.revoked_at IS NULL OR d.revoked_at > $3) AND (d.valid_until IS NULL OR d.valid_until > $3)
       ORDER BY d.reference, d.id`,
      [scope.tenantId, officeIds, since],
    );
  }

  /** The delegations in force on `day` to offices held that day, with their holders. */
  async heldDelegationsOn(
    scope: TenantScope,
    m: EntityManager,
    day: string,
    at: Date,
  ): Promise<(CoverDelegation & { holder: { id: string; name: string } })[]> {
    return m.query(
      `SELECT ${DELEGATION.replace(
        'FROM delegations d',
        `, json_build_object('id', p.id, 'name', p.name) AS holder FROM delegations d`,
      )}
         JOIN people p ON p.tenant_id = d.tenant_id AND p.id = ${holderOnSql('$1', 'd.delegate_office_id', '$2')}
        WHERE d.tenant_id = $1 AND d.valid_from <= $3 AND (d.valid_until IS NULL OR d.valid_until > $3)
          AND (d.revoked_at IS NULL OR d.revoked_at > $3) AND (p.left_on IS NULL OR p.left_on > $2::date)
        ORDER BY p.name, d.reference, d.id`,
      [scope.tenantId, day, at],
    );
  }

  async delegationsById(
    scope: TenantScope,
    m: EntityManager,
    ids: string[],
  ): Promise<CoverDelegation[]> {
    if (ids.length === 0) return [];
    return m.query(`SELECT ${DELEGATION} WHERE d.tenant_id = $1 AND d.id = ANY($2::uuid[])`, [
      scope.tenantId,
      ids,
    ]);
  }

  async cancel(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    version: number,
    by: string,
    at: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `UPDATE absences SET cancelled_by = $4, cancelled_at = $5, version = version + 1
        WHERE tenant_id = $1 AND id = $2 AND version = $3 AND cancelled_at IS NULL RETURNING id`,
      [scope.tenantId, id, version, by, at],
    );
    return rows.length === 1;
  }

  async markCovered(scope: TenantScope, m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(
      'UPDATE absences SET covered_at = coalesce(covered_at, $3) WHERE tenant_id = $1 AND id = $2',
      [scope.tenantId, id, at],
    );
  }

  /**
   * Absences running on `day` (across councils): those just begun, and those already covering,
   * whose person may since hold a role on a case opened while they are away.
   */
  async dueForCover(
    _sweep: AcrossCouncils<'sweep'>,
    m: EntityManager,
    day: string,
  ): Promise<{ tenantId: string; id: string }[]> {
    return m.query(
      `SELECT tenant_id AS "tenantId", id FROM absences
        WHERE cancelled_at IS NULL AND first_day <= $1::date AND last_day >= $1::date
        ORDER BY tenant_id, first_day, id`,
      [day],
    );
  }
}
