import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../core/tenant-scope';
import type { OrganisationKind } from './organisation.entity';

export interface OrganisationRecord {
  id: string;
  name: string;
  kind: OrganisationKind;
  activeFrom: string | null;
  activeUntil: string | null;
  version: number;
}

export interface OrganisationFilter {
  kind?: OrganisationKind;
  /** Name contains, any case. */
  q?: string;
  /** Active on this day (on or after active_from, on or before active_until). */
  activeOn?: string;
  limit: number;
  offset: number;
}

const COLUMNS = `id, name, kind, active_from::text AS "activeFrom", active_until::text AS "activeUntil", version`;

/**
 * The council's partner organisations: the SQL of their table. Every method reads and writes the
 * council its scope names and no other (ADR 0015).
 */
export class OrganisationRepository {
  async list(scope: TenantScope, m: EntityManager, f: OrganisationFilter) {
    const params: unknown[] = [scope.tenantId];
    const where = ['tenant_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.kind) add((p) => `kind = ${p}`, f.kind);
    if (f.q) add((p) => `strpos(lower(name), lower(${p})) > 0`, f.q);
    if (f.activeOn)
      add(
        (p) =>
          `(active_from IS NULL OR active_from <= ${p}::date) AND (active_until IS NULL OR active_until >= ${p}::date)`,
        f.activeOn,
      );
    params.push(f.limit, f.offset);
    const rows: OrganisationRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM organisations WHERE ${where.join(' AND ')}
        ORDER BY name, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows;
  }

  async find(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<OrganisationRecord | null> {
    const [row]: OrganisationRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM organisations WHERE tenant_id = $1 AND id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
      [scope.tenantId, id],
    );
    return row ?? null;
  }

  async findByName(
    scope: TenantScope,
    m: EntityManager,
    name: string,
  ): Promise<OrganisationRecord | null> {
    const [row]: OrganisationRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM organisations WHERE tenant_id = $1 AND lower(name) = lower($2)`,
      [scope.tenantId, name],
    );
    return row ?? null;
  }

  async insert(
    scope: TenantScope,
    m: EntityManager,
    o: Omit<OrganisationRecord, 'id' | 'version'>,
  ): Promise<OrganisationRecord> {
    const [row]: OrganisationRecord[] = await m.query(
      `INSERT INTO organisations (tenant_id, name, kind, active_from, active_until)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [scope.tenantId, o.name, o.kind, o.activeFrom, o.activeUntil],
    );
    return row;
  }

  /** Writes `o` over the row at `o.version`; null when another change got there first. */
  async update(
    scope: TenantScope,
    m: EntityManager,
    o: OrganisationRecord,
  ): Promise<OrganisationRecord | null> {
    const [row]: OrganisationRecord[] = await m.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not rows.
      `WITH u AS (
         UPDATE organisations SET name = $3, kind = $4, active_from = $5, active_until = $6, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $7 RETURNING *)
       SELECT ${COLUMNS} FROM u`,
      [scope.tenantId, o.id, o.name, o.kind, o.activeFrom, o.activeUntil, o.version],
    );
    return row ?? null;
  }
}
