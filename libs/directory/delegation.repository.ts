import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../core/tenant-scope';
import type { DelegationCondition } from '../governance/delegation-limits.service';
import type { HeldDelegation } from '../governance/delegation-scheme.service';

export interface DelegationRecord {
  id: string;
  /** The body or the office that granted it (exactly one). */
  delegatorBodyId: string | null;
  delegatorOfficeId: string | null;
  /** The grantor's name: the body's, or the office's title. */
  grantorName: string;
  delegateOfficeId: string;
  delegateOfficeTitle: string;
  scope: string;
  reference: string;
  /** In pounds; null: no financial limit. */
  amountLimit: number | null;
  conditions: DelegationCondition[];
  validFrom: Date;
  /** Exclusive: ended at this instant. */
  validUntil: Date | null;
  revokedAt: Date | null;
  revocationReference: string | null;
  version: number;
}

export type DelegationWrite = Omit<
  DelegationRecord,
  'id' | 'version' | 'grantorName' | 'delegateOfficeTitle'
>;

export interface DelegationFilter {
  /** In force at some moment between these instants (a London day). */
  inForce?: { from: Date; until: Date };
  delegateOfficeId?: string;
  delegatorBodyId?: string;
  delegatorOfficeId?: string;
  scope?: string;
  limit: number;
  offset: number;
}

const COLUMNS = `d.id, d.delegator_body_id AS "delegatorBodyId", d.delegator_office_id AS "delegatorOfficeId",
  coalesce(b.name, g.title) AS "grantorName", d.delegate_office_id AS "delegateOfficeId",
  o.title AS "delegateOfficeTitle", d.scope, d.reference, d.amount_limit::float8 AS "amountLimit",
  d.conditions, d.valid_from AS "validFrom", d.valid_until AS "validUntil", d.revoked_at AS "revokedAt",
  d.revocation_reference AS "revocationReference", d.version`;
const FROM = `delegations d
  JOIN offices o ON o.id = d.delegate_office_id AND o.tenant_id = d.tenant_id
  LEFT JOIN bodies b ON b.id = d.delegator_body_id AND b.tenant_id = d.tenant_id
  LEFT JOIN offices g ON g.id = d.delegator_office_id AND g.tenant_id = d.tenant_id`;

/** In force at some moment of [$from, $until): started before its end, not ended or revoked by its start. */
const inForceSql = (from: string, until: string) =>
  `d.valid_from < ${until} AND (d.valid_until IS NULL OR d.valid_until > ${from})
   AND (d.revoked_at IS NULL OR d.revoked_at > ${from})`;

/**
 * The scheme of delegation: the SQL of the delegations table. Rows are never deleted. Every
 * method reads and writes the council its scope names and no other (ADR 0015).
 */
export class DelegationRepository {
  async list(
    scope: TenantScope,
    m: EntityManager,
    f: DelegationFilter,
  ): Promise<DelegationRecord[]> {
    const params: unknown[] = [scope.tenantId];
    const where = ['d.tenant_id = $1'];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (f.inForce) where.push(inForceSql(add(f.inForce.from), add(f.inForce.until)));
    if (f.delegateOfficeId) where.push(`d.delegate_office_id = ${add(f.delegateOfficeId)}::uuid`);
    if (f.delegatorBodyId) where.push(`d.delegator_body_id = ${add(f.delegatorBodyId)}::uuid`);
    if (f.delegatorOfficeId)
      where.push(`d.delegator_office_id = ${add(f.delegatorOfficeId)}::uuid`);
    if (f.scope) where.push(`d.scope = ${add(f.scope)}`);
    const limit = add(f.limit);
    const offset = add(f.offset);
    return m.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')}
        ORDER BY d.valid_from DESC, o.title, d.id LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
  }

  async find(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<DelegationRecord | null> {
    const [row]: DelegationRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE d.tenant_id = $1 AND d.id = $2${opts.lock ? ' FOR UPDATE OF d' : ''}`,
      [scope.tenantId, id],
    );
    return row ?? null;
  }

  /**
   * The delegations made to an office (`to`) or by it (`by`), not revoked: what the cascade rule
   * weighs. Periods are compared by the rule itself.
   */
  async ofOffice(
    scope: TenantScope,
    m: EntityManager,
    officeId: string,
    side: 'to' | 'by',
    exceptId: string | null,
  ): Promise<HeldDelegation[]> {
    return m.query(
      `SELECT d.scope, d.reference, coalesce(b.name, g.title) AS "grantorName",
              d.valid_from AS "validFrom", d.valid_until AS "validUntil", d.revoked_at AS "revokedAt"
         FROM ${FROM}
        WHERE d.tenant_id = $1 AND ${side === 'to' ? 'd.delegate_office_id' : 'd.delegator_office_id'} = $2
          AND d.id IS DISTINCT FROM $3::uuid AND d.revoked_at IS NULL`,
      [scope.tenantId, officeId, exceptId],
    );
  }

  async insert(
    scope: TenantScope,
    m: EntityManager,
    w: DelegationWrite,
  ): Promise<DelegationRecord> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO delegations (tenant_id, delegator_body_id, delegator_office_id, delegate_office_id, scope, reference,
                                amount_limit, conditions, valid_from, valid_until)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        scope.tenantId,
        w.delegatorBodyId,
        w.delegatorOfficeId,
        w.delegateOfficeId,
        w.scope,
        w.reference,
        w.amountLimit,
        JSON.stringify(w.conditions),
        w.validFrom,
        w.validUntil,
      ],
    );
    return (await this.find(scope, m, row.id))!;
  }

  /** Writes `w` over the row at `version`; null when another change got there first. */
  async update(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    version: number,
    w: DelegationWrite,
  ): Promise<DelegationRecord | null> {
    const rows: { id: string }[] = await m.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not rows.
      `WITH u AS (
         UPDATE delegations SET scope = $4, reference = $5, amount_limit = $6, conditions = $7,
                valid_from = $8, valid_until = $9, revoked_at = $10, revocation_reference = $11,
                version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING id)
       SELECT id FROM u`,
      [
        scope.tenantId,
        id,
        version,
        w.scope,
        w.reference,
        w.amountLimit,
        JSON.stringify(w.conditions),
        w.validFrom,
        w.validUntil,
        w.revokedAt,
        w.revocationReference,
      ],
    );
    return rows.length > 0 ? this.find(scope, m, id) : null;
  }

  /**
   * The council's scheme of delegation changes one change at a time: the cascade rule reads other
   * delegations, so two concurrent grants must not each miss the other. A transaction-scoped
   * advisory lock per council, released at commit.
   */
  async lockScheme(scope: TenantScope, m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('delegations:' || $1))`, [scope.tenantId]);
  }

  /** Delegation labels for forms: the delegate, its grantor and reference, not revoked. */
  async labels(
    scope: TenantScope,
    m: EntityManager,
  ): Promise<{ id: string; label: string; scope: string }[]> {
    return m.query(
      `SELECT d.id, o.title || ', under delegation from ' || coalesce(b.name, g.title) || ' (' || d.reference || ')' AS label,
              d.scope
         FROM ${FROM} WHERE d.tenant_id = $1 AND d.revoked_at IS NULL ORDER BY label`,
      [scope.tenantId],
    );
  }
}
