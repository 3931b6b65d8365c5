import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import { caseWhere, type CaseFilter } from './case-filter.service';

/** A deadline falling due soon, with its case, as the dashboard reads it. */
export interface DueSoonRow {
  case_id: string;
  reference: string;
  title: string;
  template_id: string;
  template_version: number;
  key: string;
  kind: string;
  due_at: Date;
}

/** How many open cases of one template are in one state (its whole state key), counted up to a bound. */
export interface OpenStateCount {
  templateId: string;
  stateKey: string;
  /** At most the bound plus one: more than the bound means "more than" it. */
  count: number;
}

/**
 * What the officer's dashboard reads besides its counts and lists of cases
 * (officer-dashboard.service.ts): the deadlines at risk. Kept to the scope's council by its own
 * clause, row-level security aside (ADR 0015).
 */
@Injectable()
export class OfficerDashboardRepository {
  /**
   * The council's open cases counted by template and state key, each count stopping at `upTo` + 1.
   * Read from the narrow partial index "IDX_cases_open_stage" alone: the state keys in use found
   * by skipping from one to the next (a probe each), then each counted from a range of the index,
   * so that the count reads at most `upTo` + 1 entries (and, on pages vacuum has not yet marked
   * all-visible, as many heap rows) a state, never every open case (issue #21). Only `=` and row
   * comparisons on the index's columns, which are leakproof, so they stay index conditions under
   * row-level security.
   */
  async openStateCounts(scope: TenantScope, q: Queryable, upTo: number): Promise<OpenStateCount[]> {
    return q.query(
      `WITH RECURSIVE k AS (
         (SELECT template_id, state_key FROM cases
           WHERE tenant_id = $1 AND closed_at IS NULL ORDER BY template_id, state_key LIMIT 1)
         UNION ALL
         SELECT n.template_id, n.state_key FROM k, LATERAL (
           SELECT c.template_id, c.state_key FROM cases c
            WHERE c.tenant_id = $1 AND c.closed_at IS NULL
              AND (c.template_id, c.state_key) > (k.template_id, k.state_key)
            ORDER BY c.template_id, c.state_key LIMIT 1) n)
       SELECT k.template_id AS "templateId", k.state_key AS "stateKey",
              (SELECT count(*)::int FROM (SELECT FROM cases c
                 WHERE c.tenant_id = $1 AND c.closed_at IS NULL
                   AND c.template_id = k.template_id AND c.state_key = k.state_key
                 LIMIT $2) x) AS count
         FROM k`,
      [scope.tenantId, upTo + 1],
    );
  }

  /**
   * How many of the council's cases a filter matches, counted up to `upTo` + 1 in the lists' order
   * (newest change first), so through the index the list reads: counted whole, the overdue count
   * was planned as a scan of every case once the planner guessed a third of them overdue (2.8 s at
   * 100,000 cases, none overdue).
   */
  async countUpTo(
    scope: TenantScope,
    q: Queryable,
    f: Omit<CaseFilter, 'limit' | 'offset'>,
    upTo: number,
  ): Promise<number> {
    const { from, where, params, order } = caseWhere(scope, f);
    params.push(upTo + 1);
    const [row]: { n: number }[] = await q.query(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} WHERE ${where.join(' AND ')}
        ORDER BY ${order} LIMIT $${params.length}) x`,
      params,
    );
    return row.n;
  }

  /** The council's pending deadlines (not reminders) due by `until`, soonest first, at most `limit`. */
  async deadlinesDueBy(
    scope: TenantScope,
    q: Queryable,
    until: Date,
    limit: number,
  ): Promise<DueSoonRow[]> {
    return q.query(
      `SELECT d.case_id, c.reference, c.title, c.template_id, c.template_version, d.key, d.kind, d.due_at
        FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.tenant_id = $1 AND d.status = 'pending' AND d.kind = 'deadline' AND d.due_at <= $2
        ORDER BY d.due_at LIMIT $3`,
      [scope.tenantId, until, limit],
    );
  }
}
