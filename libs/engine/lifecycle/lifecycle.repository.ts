import type { EntityManager } from 'typeorm';
import type { RoleBinding } from '../../governance/authority.service';
import type { SuspendedDeadline } from './paused-deadlines.service';
import type { TenantScope } from '../../core/tenant-scope';

/** An open request by email link, with the person it went to. */
export interface OpenLink {
  id: string;
  role: string;
  message: string;
  person: { id: string; name: string; email: string };
}

/**
 * The SQL of the lifecycle around a case's workflow (ADR 0012): locks, links, deadlines and the
 * case's lifecycle columns. Every statement runs in the lifecycle writer's transaction and keeps
 * to the council of its scope (the locked case's, LockedCase.scope), whatever id it is given.
 */
export class LifecycleRepository {
  /**
   * Locks the case for a lifecycle change: its unsettled deadlines first, in id order, then the
   * case. The deadline worker holds a deadline and then takes the case; taking them in the same
   * order means a lifecycle change waits for a deadline being fired instead of deadlocking with it.
   */
  async lock(scope: TenantScope, m: EntityManager, caseId: string): Promise<boolean> {
    await m.query(
      `SELECT id FROM deadlines WHERE tenant_id = $1 AND case_id = $2 AND status IN ('pending', 'suspended')
        ORDER BY id FOR UPDATE`,
      [scope.tenantId, caseId],
    );
    const rows: unknown[] = await m.query(
      'SELECT 1 FROM cases WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [scope.tenantId, caseId],
    );
    return rows.length === 1;
  }

  async setLifecycle(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
    l: { status: 'active' | 'paused' | 'withdrawn'; since: Date | null; reason: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE cases SET lifecycle_status = $3, lifecycle_since = $4, lifecycle_reason = $5
        WHERE tenant_id = $1 AND id = $2`,
      [scope.tenantId, caseId, l.status, l.since, l.reason],
    );
  }

  async setRoles(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
    roles: Record<string, RoleBinding>,
  ): Promise<void> {
    await m.query('UPDATE cases SET roles = $3 WHERE tenant_id = $1 AND id = $2', [
      scope.tenantId,
      caseId,
      JSON.stringify(roles),
    ]);
  }

  /** The case's open links (of `roles`, when given), with the people they went to. */
  async openLinks(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
    roles?: string[],
  ): Promise<OpenLink[]> {
    const rows: (Omit<OpenLink, 'person'> & { personId: string; name: string; email: string })[] =
      await m.query(
        `SELECT l.id, l.role, l.request AS message, p.id AS "personId", p.name, p.email
           FROM action_links l JOIN people p ON p.id = l.person_id AND p.tenant_id = l.tenant_id
          WHERE l.tenant_id = $1 AND l.case_id = $2 AND l.status = 'open'
            AND ($3::text[] IS NULL OR l.role = ANY($3::text[]))
          ORDER BY l.created_at, l.id`,
        [scope.tenantId, caseId, roles ?? null],
      );
    return rows.map((r) => ({
      id: r.id,
      role: r.role,
      message: r.message,
      person: { id: r.personId, name: r.name, email: r.email },
    }));
  }

  /**
   * The requests the case has out for `role`: its open links, else (a request sent without a
   * link) the last request email for the role, as the office hand-over reads them.
   */
  async openRequests(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
    role: string,
    requestMessages: string[],
  ): Promise<{ message: string; personId: string }[]> {
    return m.query(
      `SELECT DISTINCT ON (message) message, "personId" FROM (
         SELECT l.request AS message, l.person_id::text AS "personId", 0 AS rank, l.created_at AS at
           FROM action_links l
          WHERE l.tenant_id = $1 AND l.case_id = $2 AND l.status = 'open' AND l.role = $3
         UNION ALL
         SELECT f.payload->>'message', f.payload->'to'->>'id', 1, f.created_at
           FROM effects f
          WHERE f.tenant_id = $1 AND f.case_id = $2 AND f.kind = 'email' AND f.payload->>'role' = $3
            AND f.payload->>'message' = ANY($4::text[])) r
        ORDER BY message, rank, at DESC`,
      [scope.tenantId, caseId, role, requestMessages],
    );
  }

  async voidLinks(
    scope: TenantScope,
    m: EntityManager,
    ids: string[],
    at: Date,
    reason: string,
  ): Promise<void> {
    if (ids.length === 0) return;
    await m.query(
      `UPDATE action_links SET status = 'voided', settled_at = $3, outcome = jsonb_build_object('reason', $4::text)
        WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND status = 'open'`,
      [scope.tenantId, ids, at, reason],
    );
  }

  /** Pending deadlines wait: a paused case's deadlines do not fire. */
  async suspendDeadlines(scope: TenantScope, m: EntityManager, caseId: string): Promise<number> {
    // An UPDATE answers [rows, how many changed].
    const [, n]: [unknown, number] = await m.query(
      `UPDATE deadlines SET status = 'suspended'
        WHERE tenant_id = $1 AND case_id = $2 AND status = 'pending'`,
      [scope.tenantId, caseId],
    );
    return n;
  }

  async suspendedDeadlines(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
  ): Promise<SuspendedDeadline[]> {
    return m.query(
      `SELECT id, key, kind, due_at AS "dueAt" FROM deadlines
        WHERE tenant_id = $1 AND case_id = $2 AND status = 'suspended'
        ORDER BY due_at, id`,
      [scope.tenantId, caseId],
    );
  }

  async reinstateDeadlines(
    scope: TenantScope,
    m: EntityManager,
    moved: { id: string; dueAt: Date }[],
  ): Promise<void> {
    if (moved.length === 0) return;
    await m.query(
      `UPDATE deadlines d SET status = 'pending', due_at = v.due_at
         FROM unnest($2::uuid[], $3::timestamptz[]) AS v(id, due_at)
        WHERE d.tenant_id = $1 AND d.id = v.id AND d.status = 'suspended'`,
      [scope.tenantId, moved.map((d) => d.id), moved.map((d) => d.dueAt)],
    );
  }

  /** A withdrawn case's deadlines will never mean anything. */
  async cancelDeadlines(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
    at: Date,
  ): Promise<number> {
    const [, n]: [unknown, number] = await m.query(
      `UPDATE deadlines SET status = 'cancelled', settled_at = $3
        WHERE tenant_id = $1 AND case_id = $2 AND status IN ('pending', 'suspended')`,
      [scope.tenantId, caseId, at],
    );
    return n;
  }

  /**
   * Emails into the outbox, as the effect planner writes them (libs/notifications renders them),
   * for a case of the scope's council only.
   */
  async queueEmails(
    scope: TenantScope,
    m: EntityManager,
    t: { caseId: string; at: Date },
    payloads: Record<string, unknown>[],
  ): Promise<void> {
    for (const payload of payloads)
      await m.query(
        `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at)
         SELECT c.tenant_id, c.id, 'email', $3, 'pending', 0, $4, $4
           FROM cases c WHERE c.tenant_id = $1 AND c.id = $2`,
        [scope.tenantId, t.caseId, JSON.stringify(payload), t.at],
      );
  }
}
