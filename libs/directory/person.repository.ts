import type { EntityManager } from 'typeorm';

export interface PersonRecord {
  id: string;
  name: string;
  email: string;
  organisationId: string | null;
  isElectedMember: boolean;
  isOfficer: boolean;
  leftOn: string | null;
  version: number;
}

export interface PersonFilter {
  organisationId?: string;
  /** Name or email contains, any case. */
  q?: string;
  email?: string;
  isElectedMember?: boolean;
  isOfficer?: boolean;
  /** With the council on this day (not left by it), or left by it. */
  status?: { on: string; is: 'active' | 'left' };
  limit: number;
  offset: number;
}

const COLUMNS = `id, name, email, organisation_id AS "organisationId", is_elected_member AS "isElectedMember",
  is_officer AS "isOfficer", left_on::text AS "leftOn", version`;

/** The council's people: the SQL of their table. Emails are one per person per council, any case. */
export class PersonRepository {
  async list(m: EntityManager, tenantId: string, f: PersonFilter): Promise<PersonRecord[]> {
    const params: unknown[] = [tenantId];
    const where = ['tenant_id = $1'];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.organisationId) add((p) => `organisation_id = ${p}::uuid`, f.organisationId);
    if (f.q)
      add(
        (p) => `(strpos(lower(name), lower(${p})) > 0 OR strpos(lower(email), lower(${p})) > 0)`,
        f.q,
      );
    if (f.email) add((p) => `lower(email) = lower(${p})`, f.email);
    if (f.isElectedMember !== undefined) add((p) => `is_elected_member = ${p}`, f.isElectedMember);
    if (f.isOfficer !== undefined) add((p) => `is_officer = ${p}`, f.isOfficer);
    if (f.status)
      add(
        (p) =>
          f.status!.is === 'active'
            ? `(left_on IS NULL OR left_on > ${p}::date)`
            : `left_on <= ${p}::date`,
        f.status.on,
      );
    params.push(f.limit, f.offset);
    return m.query(
      `SELECT ${COLUMNS} FROM people WHERE ${where.join(' AND ')}
        ORDER BY name, email, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  async find(
    m: EntityManager,
    tenantId: string,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<PersonRecord | null> {
    const [row]: PersonRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM people WHERE tenant_id = $1 AND id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
      [tenantId, id],
    );
    return row ?? null;
  }

  /** Another person of the council with this email in any case, if there is one. */
  async withEmail(
    m: EntityManager,
    tenantId: string,
    email: string,
    exceptId: string | null,
  ): Promise<PersonRecord | null> {
    const [row]: PersonRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM people WHERE tenant_id = $1 AND lower(email) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
      [tenantId, email, exceptId],
    );
    return row ?? null;
  }

  async insert(
    m: EntityManager,
    tenantId: string,
    p: Omit<PersonRecord, 'id' | 'version'>,
  ): Promise<PersonRecord> {
    const [row]: PersonRecord[] = await m.query(
      `INSERT INTO people (tenant_id, name, email, organisation_id, is_elected_member, is_officer, left_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
      [tenantId, p.name, p.email, p.organisationId, p.isElectedMember, p.isOfficer, p.leftOn],
    );
    return row;
  }

  /** Writes `p` over the row at `p.version`; null when another change got there first. */
  async update(m: EntityManager, tenantId: string, p: PersonRecord): Promise<PersonRecord | null> {
    const [row]: PersonRecord[] = await m.query(
      // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not rows.
      `WITH u AS (
         UPDATE people SET name = $3, email = $4, organisation_id = $5, is_elected_member = $6, is_officer = $7,
                left_on = $8, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $9 RETURNING *)
       SELECT ${COLUMNS} FROM u`,
      [
        tenantId,
        p.id,
        p.name,
        p.email,
        p.organisationId,
        p.isElectedMember,
        p.isOfficer,
        p.leftOn,
        p.version,
      ],
    );
    return row ?? null;
  }
}
