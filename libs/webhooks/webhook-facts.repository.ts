import type { EntityManager } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import type { TenantScope } from '../core/tenant-scope';

/** An audit record after a council's mark, with what the fan-out needs to say about it. */
export interface AuditFact {
  id: string;
  txid: string;
  caseId: string;
  /** The case's reference, "SCC-2026-0042" (docs/adr/0038). */
  reference: string;
  seq: number;
  recordedAt: Date;
  fromState: string | null;
  toState: string;
  event: { type?: string } & Record<string, unknown>;
  title: string;
  templateId: string;
  templateVersion: number;
  /** The approval requests this record's transaction issued (emails with a link). */
  awaiting: {
    role: string;
    actingAs: string | null;
    name: string | null;
    request: string;
    deadline: string | null;
  }[];
  /** For a reminder (REMINDER_DUE): when the deadline it warns of passes. */
  deadlineDueAt: Date | null;
}

export interface FailedEmail {
  id: string;
  caseId: string;
  reference: string;
  createdAt: Date;
  message: string;
  role: string | null;
  problem: string | null;
  title: string;
  templateId: string;
  templateVersion: number;
}

/** The oldest transaction still running: every transaction below it is over, committed or not. */
const HORIZON = 'pg_snapshot_xmin(pg_current_snapshot())::text::bigint';

/**
 * THE SQL of where webhooks come from: each council's high-water mark in its audit records
 * (webhook_cursors), the records after it, and emails given up. Reads only; the fan-out writes
 * the deliveries and moves the mark in the same transaction.
 */
export class WebhookFactsRepository {
  /**
   * A mark for the council from now on, if it has none: every transaction already over is behind
   * it (a record of one still running is read, then left out by the subscription's creation time).
   */
  async startCursor(scope: TenantScope, m: EntityManager, at: Date): Promise<void> {
    await m.query(
      `INSERT INTO webhook_cursors (tenant_id, txid, audit_id, updated_at)
       VALUES ($1, ${HORIZON} - 1, 9223372036854775807, $2) ON CONFLICT (tenant_id) DO NOTHING`,
      [scope.tenantId, at],
    );
  }

  /** The councils with a mark, least recently moved first: across councils, for the fan-out's sweep. */
  async councils(
    _sweep: AcrossCouncils<'sweep'>,
    m: EntityManager,
    limit: number,
  ): Promise<string[]> {
    const rows: { tenant_id: string }[] = await m.query(
      'SELECT tenant_id FROM webhook_cursors ORDER BY updated_at, tenant_id LIMIT $1',
      [limit],
    );
    return rows.map((r) => r.tenant_id);
  }

  /** The council's mark, locked for this transaction; null if another worker holds it. */
  async lockCursor(
    scope: TenantScope,
    m: EntityManager,
  ): Promise<{ txid: string; auditId: string } | null> {
    const [row] = (await m.query(
      `SELECT txid, audit_id AS "auditId" FROM webhook_cursors WHERE tenant_id = $1
          FOR UPDATE SKIP LOCKED`,
      [scope.tenantId],
    )) as { txid: string; auditId: string }[];
    return row ?? null;
  }

  async moveCursor(
    scope: TenantScope,
    m: EntityManager,
    to: { txid: string; auditId: string },
    at: Date,
  ): Promise<void> {
    await m.query(
      'UPDATE webhook_cursors SET txid = $2, audit_id = $3, updated_at = $4 WHERE tenant_id = $1',
      [scope.tenantId, to.txid, to.auditId, at],
    );
  }

  /**
   * The council's audit records after its mark, in (txid, id) order, of transactions that are over:
   * a record of a transaction still running is read by a later sweep, never stepped over.
   */
  factsAfter(
    scope: TenantScope,
    m: EntityManager,
    mark: { txid: string; auditId: string },
    limit: number,
  ): Promise<AuditFact[]> {
    return m.query(
      `SELECT a.id, a.txid, a.case_id AS "caseId", a.seq, a.recorded_at AS "recordedAt",
              a.from_state AS "fromState", a.to_state AS "toState", a.event,
              c.reference, c.title, c.template_id AS "templateId", c.template_version AS "templateVersion",
              COALESCE((SELECT json_agg(json_build_object(
                          'role', e.payload->>'role', 'actingAs', e.payload->>'actingAs',
                          'name', e.payload->'to'->>'name', 'request', e.payload->>'message',
                          'deadline', e.payload->>'deadline') ORDER BY e.created_at, e.id)
                          FROM effects e
                         WHERE e.case_id = a.case_id AND e.kind = 'email'
                           AND e.payload->>'linkId' IS NOT NULL
                           AND e.payload->>'caseVersion' = a.seq::text), '[]') AS awaiting,
              CASE WHEN a.event->>'type' = 'REMINDER_DUE' THEN
                (SELECT d.due_at FROM deadlines d
                  WHERE d.case_id = a.case_id AND d.kind = 'deadline' AND d.key = a.event->>'key'
                  ORDER BY d.armed_at_version DESC LIMIT 1) END AS "deadlineDueAt"
         FROM audit_records a JOIN cases c ON c.id = a.case_id
        WHERE a.tenant_id = $1 AND (a.txid, a.id) > ($2::bigint, $3::bigint)
          AND a.txid < ${HORIZON}
        ORDER BY a.txid, a.id LIMIT $4`,
      [scope.tenantId, mark.txid, mark.auditId, limit],
    );
  }

  /** A case's reference, or null if there is no such case of the council (an audit finding's). */
  async referenceOf(scope: TenantScope, m: EntityManager, caseId: string): Promise<string | null> {
    const [row]: { reference: string }[] = await m.query(
      'SELECT reference FROM cases WHERE tenant_id = $1 AND id = $2',
      [scope.tenantId, caseId],
    );
    return row?.reference ?? null;
  }

  /**
   * Emails given up that a subscription to email.failed made before them has not been told of.
   * (An email fails by an update, not an insert: no mark orders failures, so this reads the
   * council's failed emails, few by nature, against the deliveries already queued.)
   */
  failedEmails(scope: TenantScope, m: EntityManager, limit: number): Promise<FailedEmail[]> {
    return m.query(
      `SELECT e.id, e.case_id AS "caseId", e.created_at AS "createdAt", e.payload->>'message' AS message,
              e.payload->>'role' AS role, e.last_error AS problem, c.reference,
              c.title, c.template_id AS "templateId", c.template_version AS "templateVersion"
         FROM effects e JOIN cases c ON c.id = e.case_id
        WHERE e.tenant_id = $1 AND e.status = 'failed' AND e.kind = 'email'
          AND EXISTS (SELECT 1 FROM webhook_subscriptions s
                       WHERE s.tenant_id = e.tenant_id AND s.disabled_at IS NULL
                         AND 'email.failed' = ANY(s.events) AND s.created_at <= e.created_at
                         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d
                                          WHERE d.subscription_id = s.id
                                            AND d.source_key = 'email.failed:' || e.id))
        ORDER BY e.created_at, e.id LIMIT $2`,
      [scope.tenantId, limit],
    );
  }
}
