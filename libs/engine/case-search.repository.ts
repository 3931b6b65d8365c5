import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** What an officer searches cases by; every part optional. */
export interface CaseSearch {
  /** The starts of words of the title or reference ("carer gra", "SCC-2026-00"), in any case. */
  text?: string;
  templateId?: string;
  status?: 'open' | 'closed';
  /** Opened on or after / on or before these London dates (YYYY-MM-DD). */
  openedFrom?: string;
  openedTo?: string;
}

export interface CaseListRow {
  id: string;
  /** What people read and type: "SCC-2026-0042" (docs/adr/0038). */
  reference: string;
  title: string;
  templateId: string;
  templateVersion: number;
  summary: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

/**
 * The words of a search as case_words holds a case's (migration 1796441500000): runs of text
 * between spaces without the punctuation at their ends, at most ten ("carers’ award" is
 * "carers", "award"; "SCC-2021-004" stays whole, the start of a reference).
 */
export function typedWords(text: string): string[] {
  return text
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean)
    .slice(0, 10);
}

function where(scope: TenantScope, s: CaseSearch): { sql: string; params: unknown[] } {
  const clauses = ['tenant_id = $1'];
  const params: unknown[] = [scope.tenantId];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  if (s.text) {
    // Each word typed begins a word of the title or reference, in any order and any case: a
    // range of case_words' index (starts_with, leakproof), which row-level security lets serve
    // the search, where ILIKE tested every case (migration 1796441500000, docs/adr/0053).
    const words = typedWords(s.text);
    clauses.push(
      words
        .map(
          (w) => `EXISTS (SELECT 1 FROM case_words w WHERE w.tenant_id = cases.tenant_id
                   AND w.case_id = cases.id AND starts_with(w.word, left(lower($${params.push(w)}), 100)))`,
        )
        .join(' AND ') || 'false',
    );
  }
  if (s.templateId) add((p) => `template_id = ${p}`, s.templateId);
  if (s.status === 'open') clauses.push('closed_at IS NULL');
  if (s.status === 'closed') clauses.push('closed_at IS NOT NULL');
  if (s.openedFrom)
    add((p) => `(created_at AT TIME ZONE 'Europe/London')::date >= ${p}::date`, s.openedFrom);
  if (s.openedTo)
    add((p) => `(created_at AT TIME ZONE 'Europe/London')::date <= ${p}::date`, s.openedTo);
  return { sql: clauses.join(' AND '), params };
}

const COLUMNS = `id, reference, title, template_id AS "templateId", template_version AS "templateVersion", summary,
  created_at AS "createdAt", updated_at AS "updatedAt", closed_at AS "closedAt"`;

/**
 * Cases as lists find them: every case of a tenant, open or closed, counted and paged by the
 * database. Every method reads the council its scope names and no other (ADR 0015).
 */
export class CaseSearchRepository {
  /**
   * How many cases match; with `upTo`, counted no further than one more than that (upTo + 1 says
   * "more than upTo"), so that a common word stops counting once it is known to be common rather
   * than reading every case of the council (issue #21).
   */
  async count(scope: TenantScope, q: Queryable, s: CaseSearch, upTo?: number): Promise<number> {
    const w = where(scope, s);
    const rows: { n: string }[] =
      upTo === undefined
        ? await q.query(`SELECT count(*) AS n FROM cases WHERE ${w.sql}`, w.params)
        : await q.query(
            `SELECT count(*) AS n FROM (SELECT 1 FROM cases WHERE ${w.sql} LIMIT $${w.params.length + 1}) matched`,
            [...w.params, upTo + 1],
          );
    return Number(rows[0].n);
  }

  /** A page of matching cases, most recently changed first. */
  async page(
    scope: TenantScope,
    q: Queryable,
    s: CaseSearch,
    limit: number,
    offset: number,
  ): Promise<CaseListRow[]> {
    const w = where(scope, s);
    return q.query(
      `SELECT ${COLUMNS} FROM cases WHERE ${w.sql}
        ORDER BY updated_at DESC, id LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
      [...w.params, limit, offset],
    );
  }

  /** Every matching case, in batches (for an export of any size without holding it all at once). */
  async *all(scope: TenantScope, q: Queryable, s: CaseSearch, batch = 500) {
    for (let offset = 0; ; offset += batch) {
      const rows = await this.page(scope, q, s, batch, offset);
      yield rows;
      if (rows.length < batch) return;
    }
  }

  /** The council's cases with these ids, open or closed (those a page links to, named by title and reference). */
  async byIds(scope: TenantScope, q: Queryable, ids: string[]): Promise<CaseListRow[]> {
    if (ids.length === 0) return [];
    return q.query(`SELECT ${COLUMNS} FROM cases WHERE tenant_id = $1 AND id = ANY($2::uuid[])`, [
      scope.tenantId,
      ids,
    ]);
  }

  /** The case's stored machine snapshot, to know which events it can take now. */
  async snapshotOf(scope: TenantScope, q: Queryable, caseId: string): Promise<unknown> {
    const rows: { snapshot: unknown }[] = await q.query(
      'SELECT snapshot FROM cases WHERE tenant_id = $1 AND id = $2',
      [scope.tenantId, caseId],
    );
    return rows[0]?.snapshot ?? null;
  }
}
