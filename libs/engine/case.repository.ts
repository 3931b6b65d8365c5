import { EntityManager } from 'typeorm';
import type { RoleBinding } from '../governance/authority.service';

export interface CaseRow {
  id: string;
  tenantId: string;
  title: string;
  templateId: string;
  templateVersion: number;
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
}

const COLUMNS = `id, tenant_id AS "tenantId", title, template_id AS "templateId", template_version AS "templateVersion",
  version, snapshot, state_key AS "stateKey", summary, roles, dates, awaiting_person_ids AS "awaitingPersonIds", audit_head AS "auditHead",
  created_by AS "createdBy", created_at AS "createdAt", updated_at AS "updatedAt", closed_at AS "closedAt"`;

export interface CaseFilter {
  state?: string;
  overdue?: boolean;
  awaitingPersonId?: string;
  limit: number;
  offset: number;
}

/** Stores cases and their events. The version check is part of the UPDATE, so it cannot race. */
export class CaseRepository {
  /** The case with its tenant's directory version, in one read: the send path's first statement. */
  async findForSend(
    m: EntityManager,
    tenantId: string,
    caseId: string,
  ): Promise<(CaseRow & { directoryVersion: string }) | null> {
    const rows: (CaseRow & { directoryVersion: string })[] = await m.query(
      `SELECT ${COLUMNS}, (SELECT directory_version::text FROM tenants t WHERE t.tenant_id = cases.tenant_id) AS "directoryVersion"
         FROM cases WHERE tenant_id = $1 AND id = $2`,
      [tenantId, caseId],
    );
    return rows[0] ?? null;
  }

  async find(m: EntityManager, tenantId: string, caseId: string): Promise<CaseRow | null> {
    const rows: CaseRow[] = await m.query(
      `SELECT ${COLUMNS} FROM cases WHERE tenant_id = $1 AND id = $2`,
      [tenantId, caseId],
    );
    return rows[0] ?? null;
  }

  async insert(m: EntityManager, row: Omit<CaseRow, 'createdAt'>): Promise<void> {
    await m.query(
      `INSERT INTO cases (id, tenant_id, title, template_id, template_version, version, snapshot, state_key, summary, roles, dates,
                          awaiting_person_ids, created_by, created_at, updated_at, closed_at, audit_head)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16)`,
      [
        row.id,
        row.tenantId,
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
      ],
    );
  }

  /**
   * Saves the next snapshot only if the case is still at `expectedVersion`, and appends the event
   * that produced it in the same statement; false (and nothing written) otherwise.
   */
  async advance(
    m: EntityManager,
    c: { tenantId: string; id: string; expectedVersion: number },
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
  ): Promise<boolean> {
    const rows: { n: number }[] = await m.query(
      `WITH u AS (
         UPDATE cases SET snapshot = $4, state_key = $5, summary = $6, awaiting_person_ids = $7, version = version + 1,
                updated_at = $8::timestamptz, closed_at = CASE WHEN $9::boolean THEN $8::timestamptz ELSE NULL END, audit_head = $10
          WHERE tenant_id = $1 AND id = $2 AND version = $3
          RETURNING tenant_id, id, version),
       e AS (
         INSERT INTO case_events (tenant_id, case_id, seq, type, payload, actor_person_id, authority, occurred_at)
         SELECT tenant_id, id, version, $11, $12, $13, $14, $8::timestamptz FROM u)
       SELECT count(*)::int AS n FROM u`,
      [
        c.tenantId,
        c.id,
        c.expectedVersion,
        JSON.stringify(next.snapshot),
        next.stateKey,
        next.summary,
        next.awaitingPersonIds,
        next.at,
        next.closed,
        next.auditHead,
        event.type,
        JSON.stringify(event.payload),
        event.actorPersonId,
        JSON.stringify(event.authority),
      ],
    );
    return rows[0].n === 1;
  }

  async appendEvent(
    m: EntityManager,
    e: {
      tenantId: string;
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
        e.tenantId,
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

  async list(m: EntityManager, tenantId: string, f: CaseFilter): Promise<CaseRow[]> {
    const where = ['tenant_id = $1'];
    const params: unknown[] = [tenantId];
    if (f.state) {
      params.push(f.state);
      // A state matches itself and its sub-states: "preSubmission" matches "preSubmission.drafting".
      where.push(
        `EXISTS (SELECT 1 FROM unnest(string_to_array(state_key, ';')) s WHERE s = $${params.length} OR s LIKE $${params.length} || '.%')`,
      );
    }
    if (f.overdue !== undefined) {
      where.push(
        `${f.overdue ? '' : 'NOT '}EXISTS (SELECT 1 FROM jsonb_each(snapshot->'context'->'overdue') o WHERE o.value = 'true'::jsonb)`,
      );
    }
    if (f.awaitingPersonId) {
      params.push(f.awaitingPersonId);
      where.push(`awaiting_person_ids @> ARRAY[$${params.length}::uuid]`);
    }
    params.push(f.limit, f.offset);
    return m.query(
      `SELECT ${COLUMNS} FROM cases WHERE ${where.join(' AND ')} ORDER BY updated_at DESC, id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }
}
