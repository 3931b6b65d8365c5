import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import { EntityManager } from 'typeorm';
import type { RoleBinding } from '../governance/authority.service';
import type { TenantScope } from '../core/tenant-scope';
import type { AcrossCouncils } from '../core/across-councils';
import { caseWhere, type CaseFilter } from './case-filter.service';

export interface CaseRow {
  id: string;
  /** What people read and type: "SCC-2026-0042" (docs/adr/0038). */
  reference: string;
  tenantId: string;
  title: string;
  templateId: string;
  templateVersion: number;
  /** The hash of the definition it opened on (template-definition.service.ts); null before. */
  definitionHash: string | null;
  version: number;
  snapshot: unknown;
  stateKey: string;
  summary: string;
  roles: Record<string, RoleBinding>;
  dates: Record<string, string>;
  awaitingPersonIds: string[];
  auditHead: string;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  /** Around the workflow (ADR 0012): a paused or withdrawn case takes no events. */
  lifecycleStatus: 'active' | 'paused' | 'withdrawn';
  lifecycleSince: Date | null;
  lifecycleReason: string | null;
}

const COLUMNS = `id, reference, tenant_id AS "tenantId", title, template_id AS "templateId", template_version AS "templateVersion",
  definition_hash AS "definitionHash", version, snapshot, state_key AS "stateKey", summary, roles, dates, awaiting_person_ids AS "awaitingPersonIds", audit_head AS "auditHead",
  created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt", closed_at AS "closedAt",
  lifecycle_status AS "lifecycleStatus", lifecycle_since AS "lifecycleSince", lifecycle_reason AS "lifecycleReason"`;

export interface CaseForSend extends CaseRow {
  directoryVersion: string;
  councilSettings: unknown;
  documents: { name: string; sha256: string }[];
  /** People of the council away on the day asked (an absence running, not cancelled: ADR 0033). */
  awayPersonIds: string[];
  /**
   * AROUND_CASE as the read saw it: a send that read keeps the case only if its write saw the
   * same, or a change to the council or documents between the read and the write would be kept
   * unseen beside the write's digest (send-event.use-case.ts).
   */
  around?: string;
}

/**
 * A send's read ($1 council, $3 London day) of the cases `which` picks: FOR_SEND by ids ($2 an
 * array, the deadline sweep's batch), FOR_SEND_ONE by one id ($2; every send's read, the API's
 * too: send-read.repository). One case is never read as `= ANY` of one id: PostgreSQL's generic
 * plan for `= ANY($2)` is costed for ten rows, dearer than a custom plan for one, so on a council's
 * analysed cases it planned the read afresh at every execution; for `= $2` on the primary key the
 * generic plan is the custom one, made once a connection (docs/benchmarks.md, "The send's read
 * planned once a connection").
 */
const DOCUMENTS_OF = (c: string) =>
  `(SELECT coalesce(json_agg(json_build_object('name', CASE WHEN d.kind = 'part2Appendix' THEN 'Exempt appendix (Part 2, not named by email)' ELSE d.name END, 'sha256', d.sha256) ORDER BY d.uploaded_at, d.id), '[]')
           FROM documents d WHERE d.case_id = ${c}.id AND d.replaced_by IS NULL AND d.disposed_at IS NULL)`;
const AWAY_ON = (c: string, day: string) =>
  `(SELECT coalesce(array_agg(a.person_id::text), '{}') FROM absences a
          WHERE a.tenant_id = ${c}.tenant_id AND a.cancelled_at IS NULL
            AND a.first_day <= ${day}::date AND a.last_day >= ${day}::date)`;
/**
 * What a send's read brings from around the case row `cases` (its council's row: directory version
 * and settings; its documents; who is away that day) as one digest, computed by PostgreSQL. With
 * the case row's own xmin (any change to the row makes a new tuple), it tells a write whether
 * anything a read would bring has changed since a send's last write (send-event.use-case.ts).
 * Who is away is in it through the council row's xmin alone: a trigger moves that row whenever
 * the council's absences change (migrations/1796441800000), so the digest need not read every
 * absence the council ever recorded at each write; the day is the kept case's own (KeptCases).
 */
const AROUND_CASE = `md5(row((SELECT xmin FROM tenants WHERE tenants.tenant_id = cases.tenant_id),
        ${DOCUMENTS_OF('cases')})::text)`;

const forSend = (which: string) => `SELECT ${COLUMNS}, t."directoryVersion", t."councilSettings",
        ${DOCUMENTS_OF('cases')} AS documents,
        ${AWAY_ON('cases', '$3')} AS "awayPersonIds", ${AROUND_CASE} AS around
   FROM cases
   LEFT JOIN LATERAL (SELECT directory_version::text AS "directoryVersion", settings AS "councilSettings"
                        FROM tenants WHERE tenants.tenant_id = cases.tenant_id) t ON true
  WHERE cases.tenant_id = $1 AND ${which}`;
/** A case's send state: its row's tuple (xmin) and AROUND_CASE. */
export interface SendState {
  caseXmin: string;
  around: string;
}

export const FOR_SEND = forSend('cases.id = ANY($2::uuid[])');
export const FOR_SEND_ONE = forSend('cases.id = $2::uuid');

export type { Queryable } from '../core/queryable';
export { OVERDUE, type CaseFilter } from './case-filter.service';

/**
 * Stores cases and their events. The version check is part of the UPDATE, so it cannot race. Every
 * method but `openPage` (across councils) keeps to the council its scope names (ADR 0015).
 */
@Injectable()
export class CaseRepository {
  /**
   * Everything a send reads, in one statement for any number of cases (the deadline sweep reads a
   * claimed batch's at once): each case, its council's directory version (the directory cache's
   * key) and settings, its current documents (named in every email and link the event sends; a
   * Part 2 appendix by a generic name, never its title) and who is away on `today` (London).
   */
  async findManyForSend(
    scope: TenantScope,
    q: Queryable,
    caseIds: string[],
    today?: string,
  ): Promise<CaseForSend[]> {
    const one = caseIds.length === 1;
    return q.query(one ? FOR_SEND_ONE : FOR_SEND, [
      scope.tenantId,
      one ? caseIds[0] : caseIds,
      today ?? null,
    ]);
  }

  async findForSend(scope: TenantScope, q: Queryable, caseId: string, today?: string) {
    return (await this.findManyForSend(scope, q, [caseId], today))[0] ?? null;
  }

  /** When the case last took an event of this type (null: never). */
  async lastTakenAt(
    scope: TenantScope,
    q: Queryable,
    caseId: string,
    type: string,
  ): Promise<Date | null> {
    const rows: { at: Date | string | null }[] = await q.query(
      `SELECT max(occurred_at) AS at FROM case_events WHERE tenant_id = $1 AND case_id = $2 AND type = $3`,
      [scope.tenantId, caseId, type],
    );
    return rows[0]?.at ? new Date(rows[0].at) : null;
  }

  /** Every council's open cases by id after `afterId`, a page at a time, for cases:replay. */
  async openPage(
    _tool: AcrossCouncils<'tool'>,
    q: Queryable,
    afterId: string | null,
    limit: number,
  ): Promise<CaseRow[]> {
    return q.query(
      `SELECT ${COLUMNS} FROM cases WHERE closed_at IS NULL AND ($1::uuid IS NULL OR id > $1)
        ORDER BY id LIMIT $2`,
      [afterId, limit],
    );
  }

  /** A case's stored events in order: type, payload as validated, the role it was sent in. */
  async eventsOf(
    scope: TenantScope,
    q: Queryable,
    caseId: string,
  ): Promise<
    { seq: number; type: string; payload: Record<string, unknown>; role: string | null }[]
  > {
    return q.query(
      `SELECT seq, type, payload, authority->>'role' AS role FROM case_events
        WHERE tenant_id = $1 AND case_id = $2 ORDER BY seq`,
      [scope.tenantId, caseId],
    );
  }

  /**
   * Hands the case's roles to `roles`, checked against the version read as the advance is: false,
   * and nothing written, when the case has moved on since.
   */
  async rebindRoles(
    scope: TenantScope,
    q: Queryable,
    at: { id: string; expectedVersion: number },
    roles: Record<string, RoleBinding>,
  ): Promise<boolean> {
    const rebound: unknown[] = await q.query(
      `WITH u AS (UPDATE cases SET roles = $3 WHERE tenant_id = $1 AND id = $2 AND version = $4 RETURNING 1)
       SELECT 1 FROM u`,
      [scope.tenantId, at.id, JSON.stringify(roles), at.expectedVersion],
    );
    return rebound.length > 0;
  }

  async find(scope: TenantScope, m: Queryable, caseId: string): Promise<CaseRow | null> {
    const rows: CaseRow[] = await m.query(
      `SELECT ${COLUMNS} FROM cases WHERE tenant_id = $1 AND id = $2`,
      [scope.tenantId, caseId],
    );
    return rows[0] ?? null;
  }

  /** Open cases with a role bound to the office (or a delegation to it) or the seat, locked in id order. */
  async lockOpenBound(
    scope: TenantScope,
    m: EntityManager,
    to: { officeId: string } | { bodyId: string; seat: string },
  ): Promise<CaseRow[]> {
    const bound =
      'officeId' in to
        ? `coalesce((r.value->>'officeId')::uuid, g.delegate_office_id) = $2::uuid`
        : `r.value->>'kind' = 'seat' AND r.value->>'bodyId' = $2 AND r.value->>'seat' = $3`;
    return m.query(
      `SELECT ${COLUMNS} FROM cases c WHERE c.tenant_id = $1 AND c.closed_at IS NULL
          AND EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                        LEFT JOIN delegations g ON g.tenant_id = c.tenant_id AND r.value->>'kind' = 'delegation'
                                               AND g.id = (r.value->>'delegationId')::uuid
                       WHERE ${bound})
        ORDER BY c.id FOR UPDATE OF c`,
      'officeId' in to ? [scope.tenantId, to.officeId] : [scope.tenantId, to.bodyId, to.seat],
    );
  }

  /** The ids of open cases with a role bound to one of the offices, directly or through a delegation. */
  async openBoundToOffices(
    scope: TenantScope,
    m: EntityManager,
    officeIds: string[],
  ): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT c.id FROM cases c
        WHERE c.tenant_id = $1 AND c.closed_at IS NULL
          AND EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                        LEFT JOIN delegations g ON g.tenant_id = c.tenant_id AND r.value->>'kind' = 'delegation'
                                               AND g.id = (r.value->>'delegationId')::uuid
                       WHERE coalesce((r.value->>'officeId')::uuid, g.delegate_office_id) = ANY($2::uuid[]))
        ORDER BY c.id`,
      [scope.tenantId, officeIds],
    );
    return rows.map((r) => r.id);
  }

  async insert(
    scope: TenantScope,
    m: EntityManager,
    row: Omit<
      CaseRow,
      'tenantId' | 'createdAt' | 'lifecycleStatus' | 'lifecycleSince' | 'lifecycleReason'
    >,
  ): Promise<void> {
    await m.query(
      `INSERT INTO cases (id, tenant_id, title, template_id, template_version, version, snapshot, state_key, summary, roles, dates,
                          awaiting_person_ids, created_by, created_at, updated_at, closed_at, audit_head, definition_hash, reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, $17, $18)`,
      [
        row.id,
        scope.tenantId,
        row.title,
        row.templateId,
        row.templateVersion,
        row.version,
        JSON.stringify(row.snapshot),
        row.stateKey,
        row.summary,
        JSON.stringify(row.roles),
        JSON.stringify(row.dates),
        row.awaitingPersonIds,
        row.createdBy,
        row.updatedAt,
        row.closedAt,
        row.auditHead,
        row.definitionHash,
        row.reference,
      ],
    );
  }

  /**
   * Saves the next snapshot if the case is still at `expectedVersion`, with the event that made it,
   * in one statement (atomic without a transaction); null, nothing written, otherwise. `also` adds
   * sub-statements (audit link, effect rows) that write only if the CTE given (the advanced row)
   * returns one; `read`, columns read as before the statement, returned with the stored snapshot.
   * With `state`, the write returns the stored snapshot and closed_at and the case's send state as
   * it left it (SendState), and with `state.expected` writes only if the case's send
   * state is still that one (the around digest, unchanged then, is not returned).
   */
  async advance(
    scope: TenantScope,
    q: Queryable,
    c: { id: string; expectedVersion: number },
    next: {
      snapshot: unknown;
      stateKey: string;
      summary: string;
      awaitingPersonIds: string[];
      at: Date;
      closed: boolean;
      auditHead: string;
    },
    event: { type: string; payload: unknown; actorPersonId: string | null; authority: unknown },
    also: (advanced: string, p: (value: unknown) => string) => string[] = () => [],
    read?: (p: (value: unknown) => string) => string,
    state?: { expected?: SendState },
  ): Promise<Record<string, unknown> | null> {
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    const at = `${p(next.at)}::timestamptz`;
    const expected = state?.expected;
    const stateChecked = expected
      ? ` AND xmin = ${p(expected.caseXmin)}::xid AND ${AROUND_CASE} = ${p(expected.around)}`
      : '';
    const stateReturned = !state
      ? ''
      : `, xmin::text AS "caseXmin"${expected ? '' : `, ${AROUND_CASE} AS around`}`;
    const returned = read || state;
    const parts = [
      `u AS (
         UPDATE cases SET snapshot = ${p(JSON.stringify(next.snapshot))}, state_key = ${p(next.stateKey)}, summary = ${p(next.summary)},
                awaiting_person_ids = ${p(next.awaitingPersonIds)}, version = version + 1, updated_at = ${at},
                closed_at = CASE WHEN ${p(next.closed)}::boolean THEN COALESCE(closed_at, ${at}) ELSE NULL END, audit_head = ${p(next.auditHead)}
          WHERE tenant_id = ${p(scope.tenantId)} AND id = ${p(c.id)} AND version = ${p(c.expectedVersion)}${stateChecked}
          RETURNING tenant_id, id, version${returned ? ', snapshot, closed_at AS "closedAt"' : ''}${stateReturned})`,
      `e AS (
         INSERT INTO case_events (tenant_id, case_id, seq, type, payload, actor_person_id, authority, occurred_at)
         SELECT tenant_id, id, version, ${p(event.type)}, ${p(JSON.stringify(event.payload))}, ${p(event.actorPersonId)}, ${p(JSON.stringify(event.authority))}, ${at} FROM u)`,
      ...also('u', p).map((sql, i) => `w${i} AS (${sql})`),
    ];
    const rows: Record<string, unknown>[] = await q.query(
      `WITH ${parts.join(',\n')}\n${returned ? `SELECT 1 AS n, u.*${read ? `, ${read(p)}` : ''}` : 'SELECT count(*)::int AS n'} FROM u`,
      params,
    );
    return rows[0]?.n === 1 ? rows[0] : null;
  }

  async appendEvent(
    scope: TenantScope,
    m: EntityManager,
    e: {
      caseId: string;
      seq: number;
      type: string;
      payload: unknown;
      actorPersonId: string | null;
      authority: unknown;
      at: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO case_events (tenant_id, case_id, seq, type, payload, actor_person_id, authority, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        scope.tenantId,
        e.caseId,
        e.seq,
        e.type,
        JSON.stringify(e.payload),
        e.actorPersonId,
        JSON.stringify(e.authority),
        e.at,
      ],
    );
  }

  async list(scope: TenantScope, m: EntityManager, f: CaseFilter): Promise<CaseRow[]> {
    const { from, where, params, order } = caseWhere(scope, f);
    params.push(f.limit, f.offset);
    return m.query(
      `SELECT ${COLUMNS} FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /** How many cases the filter matches, however many there are. */
  async count(scope: TenantScope, m: Queryable, f: Omit<CaseFilter, 'limit' | 'offset'>) {
    const { from, where, params } = caseWhere(scope, f);
    const [row]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM ${from} WHERE ${where.join(' AND ')}`,
      params,
    );
    return row.n;
  }
}
