import type { TenantScope } from '../core/tenant-scope';
import { participantSql } from './case-readers.repository';

/** Which of a council's cases a list or count takes (CaseRepository.list and count). */
export interface CaseFilter {
  /**
   * A state and its sub-states, by name ("preSubmission", "postSubmission.noting"), matched
   * exactly: `%` and `_` are no wildcards (the API allows letters and dots only).
   */
  state?: string;
  /** Open (not closed) cases only, or closed only. */
  open?: boolean;
  /** One stage: a template and its top-level state, as the dashboard counts them. */
  stage?: { templateId: string; top: string };
  /** Cases with an email that could not be delivered. */
  emailFailed?: boolean;
  overdue?: boolean;
  awaitingPersonId?: string;
  reference?: string; // "SCC-2026-0042" exactly, in capitals (docs/adr/0038)
  /** Only the cases in which this person has, or had, a part (see case-readers.repository.ts). */
  participantId?: string;
  limit: number;
  offset: number;
}

/**
 * A case is overdue when any of its snapshot's `context.overdue` flags is true. Written exactly
 * as the partial index "IDX_cases_overdue" is (migration 1796408464217), so that overdue lists
 * read that index rather than every case's snapshot.
 */
export const OVERDUE = `jsonb_path_exists(snapshot, '$.context.overdue.* ? (@ == true)')`;

/**
 * The FROM, WHERE and ORDER BY of a list or count of a council's cases, and its parameters ($1 the
 * council). Most recently changed first; a list of whom the cases await is read in that order
 * from case_awaits (migration 1796440800000, docs/adr/0053), uuid equality an index may answer
 * under row-level security, where the array's `@>` would test every case of the council.
 */
export function caseWhere(
  scope: TenantScope,
  f: Omit<CaseFilter, 'limit' | 'offset'>,
): { from: string; where: string[]; params: unknown[]; order: string } {
  const where = ['tenant_id = $1'];
  const params: unknown[] = [scope.tenantId];
  let from = 'cases';
  let order = 'updated_at DESC, id';
  if (f.open !== undefined) where.push(`closed_at IS ${f.open ? '' : 'NOT '}NULL`);
  if (f.stage) {
    params.push(f.stage.templateId, f.stage.top);
    // top_state: the top-level state ("preSubmission" of "preSubmission.agreement.ceo;…"), kept by
    // a trigger (migration 1796442000000) so that "IDX_cases_open_top_state" (1796442050000) may
    // answer it.
    where.push(`template_id = $${params.length - 1} AND top_state = $${params.length}`);
  }
  if (f.emailFailed)
    where.push(
      `EXISTS (SELECT 1 FROM effects e WHERE e.case_id = cases.id AND e.status = 'failed')`,
    );
  if (f.overdue !== undefined) where.push(`${f.overdue ? '' : 'NOT '}${OVERDUE}`);
  if (f.reference) where.push(`reference = $${params.push(f.reference)}`);
  if (f.participantId) return readersCases(where, params, f, f.participantId);
  if (f.awaitingPersonId) {
    params.push(f.awaitingPersonId);
    // Its own names (awaited_*), so that the cases' columns stay unambiguous beside it.
    from = `cases JOIN (SELECT case_id AS awaited_case, updated_at AS awaited_at FROM case_awaits
                         WHERE tenant_id = $1 AND person_id = $${params.length}) awaited
                 ON awaited.awaited_case = cases.id`;
    order = 'awaited_at DESC, awaited_case';
  }
  if (f.state) {
    params.push(f.state);
    // A state matches itself and its sub-states ("preSubmission" matches "preSubmission.drafting"
    // and "x;preSubmission.agreement.ceo"): case_states holds, for each case, every state it is
    // in so (migration 1796442100000). Read in order from it as ?awaiting= is, unless that list
    // is read from case_awaits; then a condition on each of its cases.
    if (f.awaitingPersonId)
      where.push(
        `EXISTS (SELECT 1 FROM case_states s WHERE s.case_id = cases.id AND s.state = $${params.length})`,
      );
    else {
      from = `cases JOIN (SELECT case_id AS in_state_case, updated_at AS in_state_at FROM case_states
                           WHERE tenant_id = $1 AND state = $${params.length}) in_state
                   ON in_state.in_state_case = cases.id`;
      order = 'in_state_at DESC, in_state_case';
    }
  }
  return { from, where, params, order };
}

/**
 * A reader who is not staff: the cases case_people names them in (migration 1796442600000), and,
 * with ?state= or ?awaiting=, those case_states or case_awaits name too. Each of these tables
 * holds, beside a case's id, the case's updated_at (kept by its triggers in the writer's
 * transaction), and each is indexed (tenant, key, updated_at DESC, case_id): the list's order.
 * Joined on both, the reader's rows and the state's (or the awaited person's) are two ranges read
 * side by side in that order (a merge join, index only), so a list whose two sets are large and
 * share few cases reads each range once, where testing every case of one set against the other
 * read 200,000 buffers (4-8 s at 100,000 cases). participantSql, the last condition, decides: a
 * row too many lists nothing.
 */
function readersCases(
  where: string[],
  params: unknown[],
  f: Omit<CaseFilter, 'limit' | 'offset'>,
  participantId: string,
): { from: string; where: string[]; params: unknown[]; order: string } {
  const person = `$${params.push(participantId)}`;
  const also: string[] = [];
  const alongside = (table: string, alias: string, key: string, value: string) =>
    also.push(`JOIN ${table} ${alias} ON ${alias}.updated_at = np.updated_at AND ${alias}.case_id = np.case_id
                  AND ${alias}.tenant_id = $1 AND ${alias}.${key} = $${params.push(value)}`);
  if (f.state) alongside('case_states', 's', 'state', f.state);
  if (f.awaitingPersonId) alongside('case_awaits', 'a', 'person_id', f.awaitingPersonId);
  const from = `cases JOIN (SELECT np.case_id AS named_case, np.updated_at AS named_at FROM case_people np
                  ${also.join('\n                  ')}
                 WHERE np.tenant_id = $1 AND np.person_id = ${person}) named
             ON named.named_case = cases.id`;
  where.push(participantSql('cases', person));
  return { from, where, params, order: 'named_at DESC, named_case' };
}
