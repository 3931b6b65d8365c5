import type { EntityManager } from 'typeorm';
import { postgresError } from '../core/postgres-error';
import type { TenantScope } from '../core/tenant-scope';
import { InvalidInputError } from '../errors/domain.errors';

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

/** The refusal of an email another person of the council has: checked first, and when two race for it. */
export function emailTakenError(email: string, holder: string): InvalidInputError {
  return new InvalidInputError('The person is not valid: fix the fields listed in problems.', [
    {
      path: 'email',
      message: `${email} is already the email of ${holder} in your council's directory: each person has their own`,
    },
  ]);
}

/** PostgreSQL's unique_violation on the index that keeps one email per person per council. */
function isEmailClash(error: unknown): boolean {
  const { code, constraint } = postgresError(error);
  return code === '23505' && constraint === 'IDX_people_tenant_email';
}

/**
 * The council's people: the SQL of their table. Emails are one per person per council, any case.
 * Every method reads and writes the council its scope names and no other (ADR 0015).
 */
export class PersonRepository {
  async list(scope: TenantScope, m: EntityManager, f: PersonFilter): Promise<PersonRecord[]> {
    const params: unknown[] = [scope.tenantId];
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

  /**
   * The person's standing as staff on `today`: the role of their enabled staff account (null
   * without one) and whether they are an officer; null when they are not of the council or have left.
   */
  async staffStanding(
    scope: TenantScope,
    m: EntityManager,
    personId: string,
    today: string,
  ): Promise<{ role: string | null; isOfficer: boolean } | null> {
    const [row]: { role: string | null; isOfficer: boolean }[] = await m.query(
      `SELECT a.role, p.is_officer AS "isOfficer" FROM people p
         LEFT JOIN staff_accounts a ON a.person_id = p.id AND a.tenant_id = p.tenant_id AND a.disabled_at IS NULL
        WHERE p.tenant_id = $1 AND p.id = $2 AND (p.left_on IS NULL OR p.left_on > $3::date)`,
      [scope.tenantId, personId, today],
    );
    return row ?? null;
  }

  /** The person's id and name when they are of the council and have not left by `day`. */
  async notLeftBy(
    scope: TenantScope,
    m: EntityManager,
    personId: string,
    day: string,
  ): Promise<{ id: string; name: string } | null> {
    const [p]: { id: string; name: string }[] = await m.query(
      `SELECT id, name FROM people WHERE tenant_id = $1 AND id = $2
          AND (left_on IS NULL OR left_on > $3::date)`,
      [scope.tenantId, personId, day],
    );
    return p ?? null;
  }

  async find(
    scope: TenantScope,
    m: EntityManager,
    id: string,
    opts: { lock?: boolean } = {},
  ): Promise<PersonRecord | null> {
    const [row]: PersonRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM people WHERE tenant_id = $1 AND id = $2${opts.lock ? ' FOR UPDATE' : ''}`,
      [scope.tenantId, id],
    );
    return row ?? null;
  }

  /** Another person of the council with this email in any case, if there is one. */
  async withEmail(
    scope: TenantScope,
    m: EntityManager,
    email: string,
    exceptId: string | null,
  ): Promise<PersonRecord | null> {
    const [row]: PersonRecord[] = await m.query(
      `SELECT ${COLUMNS} FROM people WHERE tenant_id = $1 AND lower(email) = lower($2) AND id IS DISTINCT FROM $3::uuid`,
      [scope.tenantId, email, exceptId],
    );
    return row ?? null;
  }

  async insert(
    scope: TenantScope,
    m: EntityManager,
    p: Omit<PersonRecord, 'id' | 'version'>,
  ): Promise<PersonRecord> {
    const [row]: PersonRecord[] = await this.keepingEmailsUnique(scope, m, p.email, null, () =>
      m.query(
        `INSERT INTO people (tenant_id, name, email, organisation_id, is_elected_member, is_officer, left_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${COLUMNS}`,
        [
          scope.tenantId,
          p.name,
          p.email,
          p.organisationId,
          p.isElectedMember,
          p.isOfficer,
          p.leftOn,
        ],
      ),
    );
    return row;
  }

  /** Writes `p` over the row at `p.version`; null when another change got there first. */
  async update(
    scope: TenantScope,
    m: EntityManager,
    p: PersonRecord,
  ): Promise<PersonRecord | null> {
    const [row]: PersonRecord[] = await this.keepingEmailsUnique(scope, m, p.email, p.id, () =>
      m.query(
        // Wrapped in a SELECT: TypeORM answers a bare UPDATE with [rows, count], not rows.
        `WITH u AS (
         UPDATE people SET name = $3, email = $4, organisation_id = $5, is_elected_member = $6, is_officer = $7,
                left_on = $8, version = version + 1
          WHERE tenant_id = $1 AND id = $2 AND version = $9 RETURNING *)
       SELECT ${COLUMNS} FROM u`,
        [
          scope.tenantId,
          p.id,
          p.name,
          p.email,
          p.organisationId,
          p.isElectedMember,
          p.isOfficer,
          p.leftOn,
          p.version,
        ],
      ),
    );
    return row ?? null;
  }

  /**
   * Runs a write of `email`. Two requests may both pass checkPerson before either writes; the
   * unique index then refuses the later one, which gets the refusal the check gives (naming the
   * person who has the email, committed by now) instead of a database error. Inside a transaction
   * the write runs under a savepoint, so that the clash can still be read after the refusal.
   */
  private async keepingEmailsUnique<T>(
    scope: TenantScope,
    m: EntityManager,
    email: string,
    exceptId: string | null,
    write: () => Promise<T>,
  ): Promise<T> {
    const inTransaction = m.queryRunner?.isTransactionActive === true;
    if (inTransaction) await m.query('SAVEPOINT person_email');
    try {
      const result = await write();
      if (inTransaction) await m.query('RELEASE SAVEPOINT person_email');
      return result;
    } catch (error) {
      if (inTransaction) await m.query('ROLLBACK TO SAVEPOINT person_email');
      if (!isEmailClash(error)) throw error;
      const holder = await this.withEmail(scope, m, email, exceptId);
      throw emailTakenError(email, holder?.name ?? 'another person');
    }
  }
}
