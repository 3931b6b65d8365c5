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
 * case's lifecycle columns. Every statement runs in the lifecycle writer's transaction.
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

  // The methods below read and write by the case's id alone: a use case calls them only after
  // `lock` found and locked the case in its council's scope, in the same transaction.
  async setLifecycle(
    m: EntityManager,
    caseId: string,
    l: { status: 'active' | 'paused' | 'withdrawn'; since: Date | null; reason: string | null },
  ): Promise<void> {
    await m.query(
      'UPDATE cases SET lifecycle_status = $2, lifecycle_since = $3, lifecycle_reason = $4 WHERE id = $1',
      [caseId, l.status, l.since, l.reason],
    );
  }

  async setRoles(m: EntityManager, caseId: string, roles: Record<string, RoleBinding>) {
    await m.query('UPDATE cases SET roles = $2 WHERE id = $1', [caseId, JSON.stringify(roles)]);
  }

  /** The case's open links (of `roles`, when given), with the people they went to. */
  async openLinks(m: EntityManager, caseId: string, roles?: string[]): Promise<OpenLink[]> {
    const rows: (Omit<OpenLink, 'person'> & { personId: string; name: string; email: string })[] =
      await m.query(
        `SELECT l.id, l.role, l.request AS message, p.id AS "personId", p.name, p.email
           FROM action_links l JOIN people p ON p.id = l.person_id
          WHERE l.case_id = $1 AND l.status = 'open' AND ($2::text[] IS NULL OR l.role = ANY($2::text[]))
          ORDER BY l.created_at, l.id`,
        [caseId, roles ?? null],
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
    m: EntityManager,
    caseId: string,
    role: string,
    requestMessages: string[],
  ): Promise<{ message: string; personId: string }[]> {
    return m.query(
      `SELECT DISTINCT ON (message) message, "personId" FROM (
         SELECT l.request AS message, l.person_id::text AS "personId", 0 AS rank, l.created_at AS at
           FROM action_links l WHERE l.case_id = $1 AND l.status = 'open' AND l.role = $2
         UNION ALL
         SELECT f.payload->>'message', f.payload->'to'->>'id', 1, f.created_at
           FROM effects f WHERE f.case_id = $1 AND f.kind = 'email' AND f.payload->>'role' = $2
            AND f.payload->>'message' = ANY($3::text[])) r
        ORDER BY message, rank, at DESC`,
      [caseId, role, requestMessages],
    );
  }

  async voidLinks(m: EntityManager, ids: string[], at: Date, reason: string): Promise<void> {
    if (ids.length === 0) return;
    await m.query(
      `UPDATE action_links SET status = 'voided', settled_at = $2, outcome = jsonb_build_object('reason', $3::text)
        WHERE id = ANY($1::uuid[]) AND status = 'open'`,
      [ids, at, reason],
    );
  }

  /** Pending deadlines wait: a paused case's deadlines do not fire. */
  async suspendDeadlines(m: EntityManager, caseId: string): Promise<number> {
    const rows: unknown[] = await m.query(
      `UPDATE deadlines SET status = 'suspended' WHERE case_id = $1 AND status = 'pending' RETURNING 1`,
      [caseId],
    );
    return rows.length;
  }

  async suspendedDeadlines(m: EntityManager, caseId: string): Promise<SuspendedDeadline[]> {
    return m.query(
      `SELECT id, key, kind, due_at AS "dueAt" FROM deadlines WHERE case_id = $1 AND status = 'suspended'
        ORDER BY due_at, id`,
      [caseId],
    );
  }

  async reinstateDeadlines(m: EntityManager, moved: { id: string; dueAt: Date }[]): Promise<void> {
    if (moved.length === 0) return;
    await m.query(
      `UPDATE deadlines d SET status = 'pending', due_at = v.due_at
         FROM unnest($1::uuid[], $2::timestamptz[]) AS v(id, due_at)
        WHERE d.id = v.id AND d.status = 'suspended'`,
      [moved.map((d) => d.id), moved.map((d) => d.dueAt)],
    );
  }

  /** A withdrawn case's deadlines will never mean anything. */
  async cancelDeadlines(m: EntityManager, caseId: string, at: Date): Promise<number> {
    const rows: unknown[] = await m.query(
      `UPDATE deadlines SET status = 'cancelled', settled_at = $2
        WHERE case_id = $1 AND status IN ('pending', 'suspended') RETURNING 1`,
      [caseId, at],
    );
    return rows.length;
  }

  /** Emails into the outbox, as the effect planner writes them (libs/notifications renders them). */
  async queueEmails(
    m: EntityManager,
    t: { tenantId: string; caseId: string; at: Date },
    payloads: Record<string, unknown>[],
  ): Promise<void> {
    for (const payload of payloads)
      await m.query(
        `INSERT INTO effects (tenant_id, case_id, kind, payload, status, attempts, available_at, created_at)
         VALUES ($1, $2, 'email', $3, 'pending', 0, $4, $4)`,
        [t.tenantId, t.caseId, JSON.stringify(payload), t.at],
      );
  }
}
