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

/**
 * How many different words a typed word may begin for the search to read each one's cases in the
 * list's order (IDX_case_words_order); a typed word that begins more ("p") is looked for case by
 * case, as every search was before migration 1796441900000.
 */
const WORDS_READ_APART = 16;

/**
 * The words whose cases a search by words reads, in the list's order: those begun by the typed
 * word that begins the fewest (the other typed words are tested on each case found). No words
 * when a typed word begins none (no case matches).
 */
export interface ByWords {
  words: string[];
  others: string[];
}

/** The other typed words, each beginning a word of the case of the case_words row `w`. */
function othersOf(others: string[], params: unknown[]): string {
  return others
    .map(
      (o) => ` AND EXISTS (SELECT 1 FROM case_words o WHERE o.tenant_id = w.tenant_id
        AND o.case_id = w.case_id AND starts_with(o.word, left(lower($${params.push(o)}), 100)))`,
    )
    .join('');
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
    const by = upTo === undefined ? null : await this.byWords(scope, q, s);
    if (by?.words.length === 0) return 0;
    // One typed word: each word it begins, its first upTo + 1 cases; if one word has more, so has
    // the search, and if none has, these are all the cases, each once. (Several typed words are
    // counted case by case: testing the others on 1,001 cases of the first read more, 4,019
    // buffers for "plan fund" at 100,000 cases, than the planner's own join, 562.)
    if (by && by.others.length === 0) {
      const rows: { n: number }[] = await q.query(
        `SELECT least(count(*), $3)::int AS n FROM (SELECT DISTINCT h.case_id
           FROM unnest($2::text[]) d(word), LATERAL (SELECT w.case_id FROM case_words w
             WHERE w.tenant_id = $1 AND w.word = d.word
             ORDER BY w.updated_at DESC, w.case_id LIMIT $3) h) matched`,
        [scope.tenantId, by.words, (upTo as number) + 1],
      );
      return rows[0].n;
    }
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
    const by = await this.byWords(scope, q, s);
    if (by) {
      if (by.words.length === 0) return [];
      // Each word's first offset + limit cases in the list's order, each a range of
      // IDX_case_words_order: every case of the page is among its own word's first so many.
      const params: unknown[] = [scope.tenantId, by.words, offset + limit, limit, offset];
      return q.query(
        `SELECT ${COLUMNS} FROM cases JOIN (SELECT DISTINCT h.updated_at AS changed, h.case_id
             FROM unnest($2::text[]) d(word), LATERAL (SELECT w.updated_at, w.case_id FROM case_words w
               WHERE w.tenant_id = $1 AND w.word = d.word${othersOf(by.others, params)}
               ORDER BY w.updated_at DESC, w.case_id LIMIT $3) h
            ORDER BY changed DESC, h.case_id LIMIT $4 OFFSET $5) m
           ON cases.tenant_id = $1 AND cases.id = m.case_id
         ORDER BY m.changed DESC, m.case_id`,
        params,
      );
    }
    const w = where(scope, s);
    return q.query(
      `SELECT ${COLUMNS} FROM cases WHERE ${w.sql}
        ORDER BY updated_at DESC, id LIMIT $${w.params.length + 1} OFFSET $${w.params.length + 2}`,
      [...w.params, limit, offset],
    );
  }

  /**
   * A search by words alone, read word by word (ByWords); null for any other search, or one
   * whose every typed word begins too many words. The different words each typed word begins,
   * up to one more than WORDS_READ_APART, one step of the index from each to the next.
   */
  protected async byWords(
    scope: TenantScope,
    q: Queryable,
    s: CaseSearch,
  ): Promise<ByWords | null> {
    if (!s.text || s.templateId || s.status || s.openedFrom || s.openedTo) return null;
    const typed = typedWords(s.text);
    if (typed.length === 0) return null;
    const rows: { i: number; word: string }[] = await q.query(
      `WITH RECURSIVE typed(i, t) AS (
         SELECT i::int, left(lower(t), 100) FROM unnest($2::text[]) WITH ORDINALITY u(t, i)),
       found(i, t, n, word) AS (
         SELECT i, t, 1, (SELECT w.word FROM case_words w WHERE w.tenant_id = $1
            AND w.word >= t AND w.word < t || chr(1114111) AND starts_with(w.word, t)
            ORDER BY w.word LIMIT 1) FROM typed
         UNION ALL
         SELECT i, t, n + 1, (SELECT w.word FROM case_words w WHERE w.tenant_id = $1
            AND w.word > f.word AND w.word < f.t || chr(1114111) AND starts_with(w.word, f.t)
            ORDER BY w.word LIMIT 1)
           FROM found f WHERE f.word IS NOT NULL AND f.n <= $3)
       SELECT i, word FROM found WHERE word IS NOT NULL`,
      [scope.tenantId, typed, WORDS_READ_APART],
    );
    const begun = typed.map((_, i) => rows.filter((r) => r.i === i + 1).map((r) => r.word));
    if (begun.some((words) => words.length === 0)) return { words: [], others: [] };
    const fewest = begun.reduce((a, b, i) => (b.length < begun[a].length ? i : a), 0);
    if (begun[fewest].length > WORDS_READ_APART) return null;
    return { words: begun[fewest], others: typed.filter((_, i) => i !== fewest) };
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
