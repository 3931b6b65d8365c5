import type { Queryable } from '../core/queryable';
import type { RoleBinding } from '../governance/authority.service';
import type { ForwardPlanListing } from './forward-plan-listing';
import type { TenantScope } from '../core/tenant-scope';

/** An open case as the forward plan reads it: its context, role bindings and case officer. */
export interface OpenCaseRow {
  id: string;
  reference: string;
  title: string;
  templateId: string;
  templateVersion: number;
  context: unknown;
  roles: Record<string, RoleBinding>;
  createdBy: string;
}

export interface EditionRow {
  id: string;
  publishedOn: string;
  publishedAt: Date;
  publishedBy: Record<string, string>;
  entries: ForwardPlanListing[];
}

/** A case, its template and the day a published plan first listed it (null: none has). */
export interface CasePlanDay {
  caseId: string;
  templateId: string;
  templateVersion: number;
  firstPublishedOn: string | null;
}

/** THE SQL of the forward plan's tables, and the open cases it is generated from. */
export class ForwardPlanRepository {
  /** The council's name and the slug of its public pages. */
  async council(scope: TenantScope, q: Queryable): Promise<{ name: string; slug: string } | null> {
    const rows: { name: string; slug: string }[] = await q.query(
      'SELECT name, slug FROM tenants WHERE tenant_id = $1',
      [scope.tenantId],
    );
    return rows[0] ?? null;
  }

  /** One publication at a time per council: the second waits, then sees the first's entries. */
  async lockTenant(scope: TenantScope, q: Queryable): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext('forward-plan:' || $1::text))`, [
      scope.tenantId,
    ]);
  }

  /**
   * The council's open cases on the given templates (the ones that declare key decisions), each
   * with what its forward plan entry is read from, in one query however many there are.
   */
  async openCases(scope: TenantScope, q: Queryable, templateIds: string[]): Promise<OpenCaseRow[]> {
    if (templateIds.length === 0) return [];
    return q.query(
      `SELECT id, reference, title, template_id AS "templateId", template_version AS "templateVersion",
              snapshot->'context' AS context, roles, created_by AS "createdBy"
         FROM cases WHERE tenant_id = $1 AND template_id = ANY($2::text[]) AND closed_at IS NULL
        ORDER BY created_at, id`,
      [scope.tenantId, templateIds],
    );
  }

  /** Each listed case's first publication in the plan. */
  async firstPublications(scope: TenantScope, q: Queryable): Promise<Map<string, string>> {
    const rows: { case_id: string; first_published_on: string }[] = await q.query(
      `SELECT case_id, to_char(first_published_on, 'YYYY-MM-DD') AS first_published_on
         FROM forward_plan_entries WHERE tenant_id = $1`,
      [scope.tenantId],
    );
    return new Map(rows.map((r) => [r.case_id, r.first_published_on]));
  }

  /**
   * The given cases of the council, each with its template and the day a published plan first
   * listed it (null when none has): what a meeting reads for an agenda item linked to a case.
   */
  async planDaysOf(scope: TenantScope, q: Queryable, caseIds: string[]): Promise<CasePlanDay[]> {
    if (caseIds.length === 0) return [];
    return q.query(
      `SELECT c.id AS "caseId", c.template_id AS "templateId", c.template_version AS "templateVersion",
              to_char(e.first_published_on, 'YYYY-MM-DD') AS "firstPublishedOn"
         FROM cases c
         LEFT JOIN forward_plan_entries e ON e.tenant_id = c.tenant_id AND e.case_id = c.id
        WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])`,
      [scope.tenantId, caseIds],
    );
  }

  async insertEdition(scope: TenantScope, q: Queryable, e: EditionRow): Promise<void> {
    await q.query(
      `INSERT INTO forward_plan_editions (id, tenant_id, published_on, published_at, published_by, entries)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        e.id,
        scope.tenantId,
        e.publishedOn,
        e.publishedAt,
        JSON.stringify(e.publishedBy),
        JSON.stringify(e.entries),
      ],
    );
  }

  async insertFirstPublications(
    scope: TenantScope,
    q: Queryable,
    editionId: string,
    publishedOn: string,
    caseIds: string[],
  ): Promise<void> {
    if (caseIds.length === 0) return;
    await q.query(
      `INSERT INTO forward_plan_entries (tenant_id, case_id, first_edition_id, first_published_on)
       SELECT $1, unnest($2::uuid[]), $3, $4`,
      [scope.tenantId, caseIds, editionId, publishedOn],
    );
  }

  private readonly columns = `id, to_char(published_on, 'YYYY-MM-DD') AS "publishedOn", published_at AS "publishedAt",
    published_by AS "publishedBy", entries`;

  /** Every edition, newest first (the history of what was published when). */
  async editions(scope: TenantScope, q: Queryable): Promise<EditionRow[]> {
    return q.query(
      `SELECT ${this.columns} FROM forward_plan_editions WHERE tenant_id = $1
        ORDER BY published_on DESC, published_at DESC`,
      [scope.tenantId],
    );
  }

  async latest(scope: TenantScope, q: Queryable): Promise<EditionRow | null> {
    const rows: EditionRow[] = await q.query(
      `SELECT ${this.columns} FROM forward_plan_editions WHERE tenant_id = $1
        ORDER BY published_on DESC, published_at DESC LIMIT 1`,
      [scope.tenantId],
    );
    return rows[0] ?? null;
  }

  async edition(scope: TenantScope, q: Queryable, id: string): Promise<EditionRow | null> {
    const rows: EditionRow[] = await q.query(
      `SELECT ${this.columns} FROM forward_plan_editions WHERE tenant_id = $1 AND id = $2`,
      [scope.tenantId, id],
    );
    return rows[0] ?? null;
  }
}
