import type { EntityManager } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import type { TenantScope } from '../core/tenant-scope';
import type { HoldingKind } from '../governance/office-holdings.service';

export interface OfficeRecord {
  id: string;
  title: string;
  organisationId: string;
  version: number;
}

export interface HoldingRecord {
  id: string;
  officeId: string;
  personId: string;
  personName: string;
  from: string;
  until: string | null;
  kind: HoldingKind;
  version: number;
}

/** An office with whoever holds it on the day asked about. */
export interface OfficeOnDay extends OfficeRecord {
  holder: HoldingRecord | null;
}

export interface OfficeFilter {
  organisationId?: string;
  /** Title contains, any case. */
  q?: string;
  on: string;
  /** Only offices with a holder on the day (true), or without (false). */
  held?: boolean;
  limit: number;
  offset: number;
}

/**
 * The SQL for "who holds office `office` on day `day`" (ids and the day as SQL expressions): the
 * acting holder standing in, else the substantive holder, as libs/governance/office-holdings.service.ts
 * `holderOn` decides. Every read of a holder (authority, role holders, read policy) goes through it.
 */
export function holdingOnSql(tenant: string, office: string, day: string): string {
  return `(SELECT h.id FROM office_holders h
            WHERE h.tenant_id = ${tenant} AND h.office_id = ${office} AND h.held_from <= ${day}::date
              AND (h.held_until IS NULL OR h.held_until >= ${day}::date)
            ORDER BY (h.kind = 'acting') DESC, h.held_from DESC LIMIT 1)`;
}

/** The person who holds the office on the day (see holdingOnSql). */
export function holderOnSql(tenant: string, office: string, day: string): string {
  return `(SELECT hh.person_id FROM office_holders hh WHERE hh.id = ${holdingOnSql(tenant, office, day)})`;
}

const OFFICE = `o.id, o.title, o.organisation_id AS "organisationId", o.version`;
const HOLDING = `h.id, h.office_id AS "officeId", h.person_id AS "personId", p.name AS "personName",
  h.held_from::text AS "from", h.held_until::text AS "until", h.kind, h.version`;

/**
 * The council's offices and the history of their holders: the SQL of their tables. Every method
 * reads and writes the council its scope names and no other (ADR 0015), but
 * withHoldersChangingBetween, across councils on purpose: the scheduled hand-over's sweep.
 */
export class OfficeRepository {
  async list(scope: TenantScope, m: EntityManager, f: OfficeFilter): Promise<OfficeOnDay[]> {
    const params: unknown[] = [scope.tenantId, f.on];
    const where = ['o.tenant_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.organisationId) add((p) => `o.organisation_id = ${p}::uuid`, f.organisationId);
    if (f.q) add((p) => `strpos(lower(o.title), lower(${p})) > 0`, f.q);
    if (f.held !== undefined) where.push(`h.id IS ${f.held ? 'NOT ' : ''}NULL`);
    params.push(f.limit, f.offset);
    const rows: (OfficeRecord & { holder: HoldingRecord | null })[] = await m.query(
      `SELECT ${OFFICE},
              CASE WHEN h.id IS NULL THEN NULL ELSE json_build_object(
                'id', h.id, 'officeId', h.office_id, 'personId', h.person_id, 'personName', p.name,
                'from', h.held_from::text, 'until', h.held_until::text, 'kind', h.kind, 'version', h.version) END AS holder
         FROM offices o
         LEFT JOIN office_holders h ON h.id = ${holdingOnSql('o.tenant_id', 'o.id', '$2')}
         LEFT JOIN people p ON p.id = h.person_id AND p.tenant_id = h.tenant_id
        WHERE ${where.join(' AND ')}
        ORDER BY o.title, o.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows;
  }

  async find(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<OfficeRecord | null> {
    const [row]: OfficeRecord[] = await m.query(
      `SELECT ${OFFICE} FROM offices o WHERE o.tenant_id = $1 AND o.id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
      [scope.tenantId, id],
    );
    return row ?? null;
  }

  async findByTitle(
    scope: TenantScope,
    m: EntityManager,
    title: string,
  ): Promise<OfficeRecord | null> {
    const [row]: OfficeRecord[] = await m.query(
      `SELECT ${OFFICE} FROM offices o WHERE o.tenant_id = $1 AND lower(o.title) = lower($2)`,
      [scope.tenantId, title],
    );
    return row ?? null;
  }

  async insert(
    scope: TenantScope,
    m: EntityManager,
    o: Omit<OfficeRecord, 'id' | 'version'>,
  ): Promise<OfficeRecord> {
    const [row]: OfficeRecord[] = await m.query(
      `INSERT INTO offices AS o (tenant_id, title, organisation_id) VALUES ($1, $2, $3) RETURNING ${OFFICE}`,
      [scope.tenantId, o.title, o.organisationId],
    );
    return row;
  }

  /** Writes `o` over the row at `o.version`; null when another change got there first. */
  async update(
    scope: TenantScope,
    m: EntityManager,
    o: OfficeRecord,
  ): Promise<OfficeRecord | null> {
    const [row]: OfficeRecord[] = await m.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not rows.
      `WITH o AS (
         UPDATE offices SET title = $3, organisation_id = $4, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $5 RETURNING *)
       SELECT ${OFFICE} FROM o`,
      [scope.tenantId, o.id, o.title, o.organisationId, o.version],
    );
    return row ?? null;
  }

  /**
   * Offices of every council whose holder may differ between `from` and `to` (a holding began
   * after `from` and by `to`, or ended on or after `from` and before `to`): those whose holders
   * on a later day are appointed ahead, and the scheduled hand-over visits.
   */
  async withHoldersChangingBetween(
    _sweep: AcrossCouncils<'sweep'>,
    m: EntityManager,
    from: string,
    to: string,
  ): Promise<{ tenantId: string; officeId: string }[]> {
    return m.query(
      `SELECT DISTINCT tenant_id AS "tenantId", office_id AS "officeId" FROM office_holders
        WHERE (held_from > $1::date AND held_from <= $2::date)
           OR (held_until >= $1::date AND held_until < $2::date)
        ORDER BY 1, 2`,
      [from, to],
    );
  }

  /** Every holding of the office, latest first. */
  async holdings(scope: TenantScope, m: EntityManager, officeId: string): Promise<HoldingRecord[]> {
    return m.query(
      `SELECT ${HOLDING} FROM office_holders h JOIN people p ON p.id = h.person_id AND p.tenant_id = h.tenant_id
        WHERE h.tenant_id = $1 AND h.office_id = $2 ORDER BY h.held_from DESC, h.kind, h.created_at DESC`,
      [scope.tenantId, officeId],
    );
  }

  async holding(
    scope: TenantScope,
    m: EntityManager,
    officeId: string,
    id: string,
  ): Promise<HoldingRecord | null> {
    const [row]: HoldingRecord[] = await m.query(
      `SELECT ${HOLDING} FROM office_holders h JOIN people p ON p.id = h.person_id AND p.tenant_id = h.tenant_id
        WHERE h.tenant_id = $1 AND h.office_id = $2 AND h.id = $3`,
      [scope.tenantId, officeId, id],
    );
    return row ?? null;
  }

  /** The person's holdings that last to `day` or later, with their offices' titles. */
  async holdingsOfPersonFrom(
    scope: TenantScope,
    m: EntityManager,
    personId: string,
    day: string,
  ): Promise<(HoldingRecord & { officeTitle: string })[]> {
    return m.query(
      `SELECT ${HOLDING}, o.title AS "officeTitle"
         FROM office_holders h
         JOIN people p ON p.id = h.person_id AND p.tenant_id = h.tenant_id
         JOIN offices o ON o.id = h.office_id AND o.tenant_id = h.tenant_id
        WHERE h.tenant_id = $1 AND h.person_id = $2 AND (h.held_until IS NULL OR h.held_until >= $3::date)
        ORDER BY o.title`,
      [scope.tenantId, personId, day],
    );
  }

  async insertHolding(
    scope: TenantScope,
    m: EntityManager,
    h: Pick<HoldingRecord, 'officeId' | 'personId' | 'from' | 'until' | 'kind'>,
  ): Promise<string> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, held_until, kind)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [scope.tenantId, h.officeId, h.personId, h.from, h.until, h.kind],
    );
    return row.id;
  }

  /** Writes the holding's dates and kind at `h.version`; false when another change got there first. */
  async updateHolding(scope: TenantScope, m: EntityManager, h: HoldingRecord): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `WITH u AS (
         UPDATE office_holders SET held_from = $3, held_until = $4, kind = $5, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $6 RETURNING 1)
       SELECT 1 FROM u`,
      [scope.tenantId, h.id, h.from, h.until, h.kind, h.version],
    );
    return rows.length === 1;
  }
}
