import type { Queryable } from '../core/queryable';
import type { RoleBinding } from '../governance/authority.service';

/** A case that may carry a published decision, as read to build its notice, with its audit chain's head. */
export interface RegisterCaseRow {
  id: string;
  title: string;
  templateId: string;
  templateVersion: number;
  stateKey: string;
  /** The case's snapshot: its context is what the template's Decision Notice is built from. */
  snapshot: { context?: unknown };
  roles: Record<string, RoleBinding>;
  createdBy: string;
  /** The hash of the case's latest audit record: anyone may check it against the case's chain. */
  auditHead: string;
  /** How many records the chain holds (the case's version). */
  auditRecords: number;
}

const COLUMNS = `id, title, template_id AS "templateId", template_version AS "templateVersion",
  state_key AS "stateKey", snapshot, roles, created_by AS "createdBy",
  audit_head AS "auditHead", version AS "auditRecords"`;

/** The register's reads: tenants by their public slug, and the cases of templates that publish decisions. */
export class RegisterRepository {
  async tenantBySlug(
    q: Queryable,
    slug: string,
  ): Promise<{ tenantId: string; name: string } | null> {
    const rows: { tenant_id: string; name: string }[] = await q.query(
      'SELECT tenant_id, name FROM tenants WHERE slug = $1',
      [slug],
    );
    return rows[0] ? { tenantId: rows[0].tenant_id, name: rows[0].name } : null;
  }

  /** The tenant's cases on the given templates, newest change first, in one query. */
  async casesOf(q: Queryable, tenantId: string, templateIds: string[]): Promise<RegisterCaseRow[]> {
    if (templateIds.length === 0) return [];
    return q.query(
      `SELECT ${COLUMNS} FROM cases
        WHERE tenant_id = $1 AND template_id = ANY($2::text[]) ORDER BY updated_at DESC, id`,
      [tenantId, templateIds],
    );
  }

  async caseOf(q: Queryable, tenantId: string, caseId: string): Promise<RegisterCaseRow | null> {
    const rows: RegisterCaseRow[] = await q.query(
      `SELECT ${COLUMNS} FROM cases WHERE tenant_id = $1 AND id = $2`,
      [tenantId, caseId],
    );
    return rows[0] ?? null;
  }
}
