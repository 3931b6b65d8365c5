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

  /**
   * In the caller's transaction: records the statement and redacts its link, a link of the scope's
   * council only; a statement naming another council, or a link not there, is a bug, thrown.
   */
  static async redact(
    scope: TenantScope,
    q: Queryable,
    signed: SignedRedaction,
    redactedEvent: unknown,
    now: Date,
  ): Promise<void> {
    const s = signed.statement;
    if (s.council !== scope.tenantId)
      throw new Error(`a redaction of council ${s.council} made in ${scope.tenantId}'s scope`);
    const kept: unknown[] = await q.query(
      `INSERT INTO audit_redactions (tenant_id, case_id, seq, record_id, redacted_event, signed, made_at)
       SELECT a.tenant_id, a.case_id, $3, a.id, $5, $6, $7 FROM audit_records a
        WHERE a.tenant_id = $1 AND a.case_id = $2 AND a.id = $4
       RETURNING 1`,
      [
        scope.tenantId,
        s.caseId,
        s.seq,
        s.recordId,
        JSON.stringify(redactedEvent),
        JSON.stringify(signed),
        now,
      ],
    );
    if (kept.length !== 1)
      throw new Error(`no link ${s.recordId} of case ${s.caseId} in council ${scope.tenantId}`);
    await q.query(
      'UPDATE audit_records SET event = $4 WHERE tenant_id = $1 AND case_id = $2 AND id = $3',
      [scope.tenantId, s.caseId, s.recordId, JSON.stringify(redactedEvent)],
    );
  }
}
