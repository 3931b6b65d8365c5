import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/**
 * The facts read authorisation decides on (libs/engine/case-read-policy.service.ts decides).
 *
 * A person has, or had, a part in a case when any of these holds:
 * - they hold or held the office a role is bound to, directly or as the delegate office of a
 *   delegation (cases.roles, office_holders), on any day from the case's opening to its closing:
 *   the role was theirs while the case ran, even if the office has changed hands since;
 * - the case waits for them now (cases.awaiting_person_ids);
 * - they sent one of its events (case_events.actor_person_id);
 * - the case asked them to act by email link (action_links.person_id): awaited at some time;
 * - the case emailed them as one of its role holders (effects.payload.to.id): a role holder at the
 *   time, even if the office has changed hands since.
 *
 * `c` is the alias of the cases row, `p` the parameter holding the person's id. Each part is read
 * by the case's id, which row-level security lets an index answer (uuid `=`): the emails through
 * IDX_effects_case_status, a case's few, where an uncorrelated IN read every effect of the council
 * once a statement (200,010 at 100,000 cases). Whom it may name is kept in case_people (migration
 * 1796442600000), which a reader's list reads first: a part added here must be kept there too.
 */
export function participantSql(c: string, p: string): string {
  return `(${c}.awaiting_person_ids @> ARRAY[${p}::uuid]
    OR EXISTS (SELECT 1 FROM jsonb_each(${c}.roles) r
                 LEFT JOIN delegations g ON g.tenant_id = ${c}.tenant_id AND r.value->>'kind' = 'delegation'
                                        AND g.id = (r.value->>'delegationId')::uuid
                 JOIN office_holders h ON h.tenant_id = ${c}.tenant_id
                               AND h.office_id = coalesce((r.value->>'officeId')::uuid, g.delegate_office_id)
                WHERE h.person_id = ${p}::uuid
                  AND (h.held_until IS NULL OR h.held_until >= (${c}.created_at AT TIME ZONE 'Europe/London')::date)
                  AND (${c}.closed_at IS NULL OR h.held_from <= (${c}.closed_at AT TIME ZONE 'Europe/London')::date))
    OR EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = ${c}.id AND e.actor_person_id = ${p}::uuid)
    OR EXISTS (SELECT 1 FROM action_links l WHERE l.case_id = ${c}.id AND l.person_id = ${p}::uuid)
    OR EXISTS (SELECT 1 FROM effects f WHERE f.case_id = ${c}.id AND f.kind = 'email'
                  AND f.payload->'to'->>'id' = ${p}::text))`;
}

/**
 * Reads who may read a case: the reader's staff role, their part in a case. Every method reads the
 * council its scope names and no other (ADR 0015).
 */
export class CaseReadersRepository {
  /** The role of the person's staff account, if they have one that is not disabled. */
  async staffRole(scope: TenantScope, q: Queryable, personId: string): Promise<string | null> {
    const rows: { role: string }[] = await q.query(
      'SELECT role FROM staff_accounts WHERE tenant_id = $1 AND person_id = $2 AND disabled_at IS NULL',
      [scope.tenantId, personId],
    );
    return rows[0]?.role ?? null;
  }

  /** The ids among `caseIds` of the tenant's cases in which the person has, or had, a part. */
  async participatesIn(
    scope: TenantScope,
    q: Queryable,
    personId: string,
    caseIds: string[],
  ): Promise<Set<string>> {
    if (caseIds.length === 0) return new Set();
    const rows: { id: string }[] = await q.query(
      `SELECT c.id FROM cases c WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[]) AND ${participantSql('c', '$3')}`,
      [scope.tenantId, caseIds, personId],
    );
    return new Set(rows.map((r) => r.id));
  }
}
