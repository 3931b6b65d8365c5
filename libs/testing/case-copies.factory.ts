import type { Queryable } from '../core/queryable';

/**
 * What a copy of a case changes: each an SQL expression over the case copied (`c`) and the
 * copy's number (`g`), its own column's value when not given; `source`, a condition on the
 * council's cases that picks the one copied (any, when not given).
 */
export interface CaseCopies {
  title?: string;
  stateKey?: string;
  awaitingPersonIds?: string;
  closedAt?: string;
  source?: string;
}

/**
 * `count` copies of one of the council's cases, written straight into cases (its triggers keep
 * the tables beside it), each changed a second after the one before: a council large enough for
 * the planner to prefer an index. The copies' ids.
 */
export async function copiesOfACase(
  q: Queryable,
  tenantId: string,
  count: number,
  copies: CaseCopies = {},
): Promise<string[]> {
  const rows: { id: string }[] = await q.query(
    `INSERT INTO cases (id, tenant_id, reference, title, template_id, template_version, version,
                        snapshot, state_key, summary, roles, dates, awaiting_person_ids,
                        created_by, created_at, updated_at, closed_at, audit_head, definition_hash)
     SELECT gen_random_uuid(), c.tenant_id, c.reference || '-' || g, ${copies.title ?? 'c.title'},
            c.template_id, c.template_version, c.version, c.snapshot,
            ${copies.stateKey ?? 'c.state_key'}, c.summary, c.roles, c.dates,
            ${copies.awaitingPersonIds ?? 'c.awaiting_person_ids'}, c.created_by, c.created_at,
            c.updated_at + g * interval '1 second', ${copies.closedAt ?? 'c.closed_at'},
            c.audit_head, c.definition_hash
       FROM (SELECT * FROM cases WHERE tenant_id = $1 ${copies.source ? `AND ${copies.source}` : ''}
              LIMIT 1) c, generate_series(1, ${count}) g
     RETURNING id`,
    [tenantId],
  );
  return rows.map((r) => r.id);
}
