import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { TableFile } from './export-files';

/** Rows are read a page at a time: an export's memory does not grow with the council. */
const PAGE = 500;

const FIRST_KEY = { uuid: '00000000-0000-0000-0000-000000000000', bigint: '0' } as const;

/** A table or column name from the export's own lists (export-files.ts), never from a request. */
function name(identifier: string): string {
  if (!/^[a-z_]+$/.test(identifier)) throw new Error(`not a table or column name: ${identifier}`);
  return identifier;
}

/**
 * The export's reads: the council's tables row by row (as JSON with the database's
 * column names, secrets left out), the cases' heads, and the people a subject access export is
 * about. Run inside the export's read-only snapshot, so every file is of one moment.
 */
export class ExportRecordsRepository {
  /**
   * Makes the export's transaction (repeatable read, begun by the caller, nothing run in it yet)
   * read-only, its timestamps read in UTC whatever the server's zone (the rows' JSON the same
   * everywhere), and reads the council it exports: the first reads of every export.
   */
  async openSnapshot(
    scope: TenantScope,
    q: Queryable,
  ): Promise<{ id: string; slug: string; name: string }> {
    await q.query('SET TRANSACTION READ ONLY');
    await q.query(`SET LOCAL TimeZone = 'UTC'`);
    const rows: { id: string; slug: string; name: string }[] = await q.query(
      'SELECT tenant_id AS id, slug, name FROM tenants WHERE tenant_id = $1',
      [scope.tenantId],
    );
    if (!rows[0]) throw new Error(`no council ${scope.tenantId}`);
    return rows[0];
  }

  /** The council's own row (name, slug, settings, the directory's counters). */
  async councilRow(scope: TenantScope, q: Queryable): Promise<unknown[]> {
    const rows: { r: unknown }[] = await q.query(
      'SELECT to_jsonb(t) AS r FROM tenants t WHERE t.tenant_id = $1',
      [scope.tenantId],
    );
    return rows.map((x) => x.r);
  }

  /**
   * A table's rows of the council, in key order, a page at a time. `personIds`, for a subject
   * access export, is the $3 its `where` names.
   */
  async *rows(
    scope: TenantScope,
    q: Queryable,
    t: TableFile,
    personIds: string[] = [],
  ): AsyncGenerator<unknown> {
    const key = t.key ?? 'uuid';
    const row = t.columns
      ? `jsonb_build_object(${t.columns.map((c) => `'${name(c)}', t.${name(c)}`).join(', ')})`
      : `to_jsonb(t) - $4::text[]`;
    const sql = `SELECT t.id::text AS k, ${row} AS r FROM ${name(t.table)} t
      WHERE t.tenant_id = $1 AND t.id > $2::${key} ${t.where ? `AND (${t.where})` : ''}
        AND $3::uuid[] IS NOT NULL ${t.columns ? 'AND $4::text[] IS NOT NULL' : ''}
      ORDER BY t.id LIMIT ${PAGE}`;
    let after: string = FIRST_KEY[key];
    for (;;) {
      const page: { k: string; r: unknown }[] = await q.query(sql, [
        scope.tenantId,
        after,
        personIds,
        t.omit ?? [],
      ]);
      for (const p of page) yield p.r;
      if (page.length < PAGE) return;
      after = page[page.length - 1].k;
    }
  }

  /** Each case's id, version (its chain's length) and the head its row keeps, in id order. */
  async caseHeads(
    scope: TenantScope,
    q: Queryable,
  ): Promise<{ caseId: string; records: number; head: string }[]> {
    return q.query(
      `SELECT id AS "caseId", version AS records, audit_head AS head FROM cases
        WHERE tenant_id = $1 ORDER BY id`,
      [scope.tenantId],
    );
  }

  /** The document versions whose content is still kept (not disposed of), in id order. */
  async documentsWithContent(scope: TenantScope, q: Queryable): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      'SELECT id FROM documents WHERE tenant_id = $1 AND disposed_at IS NULL ORDER BY id',
      [scope.tenantId],
    );
    return rows.map((r) => r.id);
  }

  /** The directory's people with this email (case-insensitive): whom a subject access export is about. */
  async peopleWithEmail(scope: TenantScope, q: Queryable, email: string): Promise<string[]> {
    const rows: { id: string }[] = await q.query(
      'SELECT id FROM people WHERE tenant_id = $1 AND lower(email) = lower($2) ORDER BY id',
      [scope.tenantId, email],
    );
    return rows.map((r) => r.id);
  }

  /** Whether the person has an enabled administrator's account with the council. */
  async isAdministrator(scope: TenantScope, q: Queryable, personId: string): Promise<boolean> {
    const rows: unknown[] = await q.query(
      `SELECT 1 FROM staff_accounts WHERE tenant_id = $1 AND person_id = $2
          AND role = 'administrator' AND disabled_at IS NULL`,
      [scope.tenantId, personId],
    );
    return rows.length > 0;
  }
}
