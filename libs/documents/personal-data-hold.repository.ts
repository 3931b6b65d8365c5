import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** A hold in force on a case's personal data, with the case's title for the pages. */
export interface HeldCase {
  caseId: string;
  caseTitle: string;
  reason: string;
  heldBy: { id: string; name: string };
  heldAt: Date;
}

interface Row {
  case_id: string;
  title: string;
  reason: string;
  held_by: string;
  name: string | null;
  held_at: Date;
}

/** Where no hold is in force on case `c`'s personal data: for retention's SQL. */
export const NOT_HELD = `NOT EXISTS (SELECT 1 FROM personal_data_holds h
  WHERE h.tenant_id = c.tenant_id AND h.case_id = c.id AND h.released_at IS NULL)`;

/** The legal holds on cases' personal data (personal_data_holds): placed, released, listed. */
export class PersonalDataHoldRepository {
  /** The holds in force in a council, or on one case, oldest first. */
  static async inForce(
    scope: TenantScope,
    q: Queryable,
    caseId: string | null = null,
  ): Promise<HeldCase[]> {
    const rows: Row[] = await q.query(
      `SELECT h.case_id, c.title, h.reason, h.held_by, p.name, h.held_at
         FROM personal_data_holds h
         JOIN cases c ON c.tenant_id = h.tenant_id AND c.id = h.case_id
         LEFT JOIN people p ON p.tenant_id = h.tenant_id AND p.id = h.held_by
        WHERE h.tenant_id = $1 AND h.released_at IS NULL AND ($2::uuid IS NULL OR h.case_id = $2)
        ORDER BY h.held_at, h.case_id`,
      [scope.tenantId, caseId],
    );
    return rows.map((r) => ({
      caseId: r.case_id,
      caseTitle: r.title,
      reason: r.reason,
      heldBy: { id: r.held_by, name: r.name ?? 'a person no longer in the directory' },
      heldAt: r.held_at,
    }));
  }

  /** The council's cases whose personal data no hold keeps, for choosing one to hold: by title. */
  static async holdable(
    scope: TenantScope,
    q: Queryable,
  ): Promise<{ id: string; title: string; closedAt: Date | null }[]> {
    const rows: { id: string; title: string; closed_at: Date | null }[] = await q.query(
      `SELECT c.id, c.title, c.closed_at FROM cases c
        WHERE c.tenant_id = $1 AND ${NOT_HELD}
        ORDER BY c.title, c.created_at, c.id`,
      [scope.tenantId],
    );
    return rows.map((r) => ({ id: r.id, title: r.title, closedAt: r.closed_at }));
  }

  /**
   * Places a hold, in the caller's transaction (the case row locked): false if one is in force, or
   * if the case is not of the scope's council.
   */
  static async place(
    scope: TenantScope,
    q: Queryable,
    hold: { caseId: string; reason: string; by: string; at: Date },
  ): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `INSERT INTO personal_data_holds (tenant_id, case_id, reason, held_by, held_at)
       SELECT c.tenant_id, c.id, $3, $4, $5 FROM cases c
        WHERE c.tenant_id = $1 AND c.id = $2
          AND NOT EXISTS (SELECT 1 FROM personal_data_holds
                           WHERE tenant_id = $1 AND case_id = $2 AND released_at IS NULL)
       RETURNING id`,
      [scope.tenantId, hold.caseId, hold.reason, hold.by, hold.at],
    );
    return rows.length > 0;
  }

  /** Releases the hold in force in the scope's council, in the caller's transaction: its reason, or null if none was. */
  static async release(
    scope: TenantScope,
    q: Queryable,
    release: { caseId: string; reason: string; by: string; at: Date },
  ): Promise<string | null> {
    const result: unknown[] = await q.query(
      `UPDATE personal_data_holds SET released_by = $3, released_at = $4, release_reason = $5
        WHERE tenant_id = $1 AND case_id = $2 AND released_at IS NULL
        RETURNING reason`,
      [scope.tenantId, release.caseId, release.by, release.at, release.reason],
    );
    // An UPDATE … RETURNING through TypeORM's query() comes back as [rows, count].
    const rows = (Array.isArray(result[0]) ? result[0] : result) as { reason: string }[];
    return rows[0]?.reason ?? null;
  }
}
