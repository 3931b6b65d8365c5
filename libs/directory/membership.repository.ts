import type { EntityManager } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import type { TenantScope } from '../core/tenant-scope';
import type { MembershipRole } from '../governance/membership-terms.service';

export interface MembershipRecord {
  id: string;
  bodyId: string;
  personId: string;
  /** The person's name, for lists and refusals (not written). */
  personName: string;
  constituency: string | null;
  /** The organisation the seat represents: its constituency's. */
  organisationId: string | null;
  role: MembershipRole;
  voting: boolean;
  /** The terms of reference, constitution or minute that appoints the seat; null: not named. */
  source: string | null;
  validFrom: string;
  validUntil: string | null;
  version: number;
}

export type MembershipWrite = Omit<MembershipRecord, 'id' | 'version' | 'personName'>;

export interface MembershipFilter {
  bodyId?: string;
  personId?: string;
  /** Seats in force on this day. */
  on?: string;
  limit: number;
  offset: number;
}

const COLUMNS = `ms.id, ms.body_id AS "bodyId", ms.person_id AS "personId", p.name AS "personName",
  ms.constituency, ms.organisation_id AS "organisationId", ms.role, ms.voting, ms.source,
  ms.valid_from::text AS "validFrom", ms.valid_until::text AS "validUntil", ms.version`;
const FROM = `memberships ms JOIN people p ON p.id = ms.person_id AND p.tenant_id = ms.tenant_id`;

/**
 * Seats on bodies: the SQL of the memberships table. Every method reads and writes the council its
 * scope names and no other (ADR 0015), but withSeatsChangingBetween.
 */
export class MembershipRepository {
  async list(
    scope: TenantScope,
    m: EntityManager,
    f: MembershipFilter,
  ): Promise<MembershipRecord[]> {
    const params: unknown[] = [scope.tenantId];
    const where = ['ms.tenant_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.bodyId) add((p) => `ms.body_id = ${p}::uuid`, f.bodyId);
    if (f.personId) add((p) => `ms.person_id = ${p}::uuid`, f.personId);
    if (f.on)
      add(
        (p) =>
          `ms.valid_from <= ${p}::date AND (ms.valid_until IS NULL OR ms.valid_until >= ${p}::date)`,
        f.on,
      );
    params.push(f.limit, f.offset);
    return m.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ${where.join(' AND ')}
        ORDER BY ms.valid_from DESC, p.name, ms.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /** Every term on the body: what a new or changed term is checked against. */
  /**
   * Bodies of every council whose chair or vice-chair may differ between `from` and `to` (such a
   * seat began after `from` and by `to`, or ended on or after `from` and before `to`), across
   * councils on purpose: the scheduled hand-over's sweep.
   */
  async withSeatsChangingBetween(
    _sweep: AcrossCouncils<'sweep'>,
    m: EntityManager,
    from: string,
    to: string,
  ): Promise<{ tenantId: string; bodyId: string }[]> {
    return m.query(
      `SELECT DISTINCT tenant_id AS "tenantId", body_id AS "bodyId" FROM memberships
        WHERE role IN ('chair', 'vice_chair')
          AND ((valid_from > $1::date AND valid_from <= $2::date)
               OR (valid_until >= $1::date AND valid_until < $2::date))
        ORDER BY 1, 2`,
      [from, to],
    );
  }

  async ofBody(scope: TenantScope, m: EntityManager, bodyId: string): Promise<MembershipRecord[]> {
    return m.query(`SELECT ${COLUMNS} FROM ${FROM} WHERE ms.tenant_id = $1 AND ms.body_id = $2`, [
      scope.tenantId,
      bodyId,
    ]);
  }

  async find(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<MembershipRecord | null> {
    const [row]: MembershipRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM ${FROM} WHERE ms.tenant_id = $1 AND ms.id = $2${opts.lock ? ' FOR UPDATE OF ms' : ''}`,
      [scope.tenantId, id],
    );
    return row ?? null;
  }

  async insert(
    scope: TenantScope,
    m: EntityManager,
    w: MembershipWrite,
  ): Promise<MembershipRecord> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO memberships (tenant_id, body_id, person_id, constituency, organisation_id, role, voting, valid_from, valid_until, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
        scope.tenantId,
        w.bodyId,
        w.personId,
        w.constituency,
        w.organisationId,
        w.role,
        w.voting,
        w.validFrom,
        w.validUntil,
        w.source,
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
    w: MembershipWrite,
  ): Promise<MembershipRecord | null> {
    const rows: { id: string }[] = await m.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not rows.
      `WITH u AS (
         UPDATE memberships SET constituency = $4, organisation_id = $5, role = $6, voting = $7,
                valid_from = $8, valid_until = $9, source = $10, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING id)
       SELECT id FROM u`,
      [
        scope.tenantId,
        id,
        version,
        w.constituency,
        w.organisationId,
        w.role,
        w.voting,
        w.validFrom,
        w.validUntil,
        w.source,
      ],
    );
    return rows.length > 0 ? this.find(scope, m, id) : null;
  }
}
