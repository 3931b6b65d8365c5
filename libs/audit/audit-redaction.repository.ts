import type { Queryable } from '../core/queryable';
import type { SignedRedaction } from './audit-redaction.service';
import type { TenantScope } from '../core/tenant-scope';

/**
 * Stores signed redactions of audit links (audit_redactions, migration 1796398000000) and applies
 * them: the statement first, then the link's event replaced by the redacted event it names, the
 * only UPDATE of audit_records the database lets through (its trigger checks the pair).
 */
export class AuditRedactionRepository {
  /** The case's version and stored head, the chain verified against them before redacting. */
  static async caseAt(
    scope: TenantScope,
    q: Queryable,
    caseId: string,
  ): Promise<{ version: number; head: string } | null> {
    const rows: { version: number; head: string }[] = await q.query(
      'SELECT version, audit_head AS head FROM cases WHERE tenant_id = $1 AND id = $2',
      [scope.tenantId, caseId],
    );
    return rows[0] ?? null;
  }

  /** In the caller's transaction: records the statement and redacts its link. */
  static async redact(
    q: Queryable,
    signed: SignedRedaction,
    redactedEvent: unknown,
    now: Date,
  ): Promise<void> {
    const s = signed.statement;
    await q.query(
      `INSERT INTO audit_redactions (tenant_id, case_id, seq, record_id, redacted_event, signed, made_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        s.council,
        s.caseId,
        s.seq,
        s.recordId,
        JSON.stringify(redactedEvent),
        JSON.stringify(signed),
        now,
      ],
    );
    await q.query(
      'UPDATE audit_records SET event = $4 WHERE tenant_id = $1 AND case_id = $2 AND id = $3',
      [s.council, s.caseId, s.recordId, JSON.stringify(redactedEvent)],
    );
  }
}
