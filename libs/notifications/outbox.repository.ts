import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/**
 * The outbox's SQL: the email effects the engine wrote (the effects table), as the officer's
 * resend sets them back. Every statement keeps to the scope's council by its own clause, row-level
 * security aside (ADR 0015).
 */
@Injectable()
export class OutboxRepository {
  /**
   * Sets the case's email back to be sent again, at once and with its attempts counted afresh,
   * if it failed permanently; false when the case has no such failed email in the council.
   */
  async retryFailed(
    scope: TenantScope,
    m: Queryable,
    t: { caseId: string; effectId: string; at: Date },
  ): Promise<boolean> {
    const rows: { id: string }[] = await m.query(
      `WITH r AS (UPDATE effects SET status = 'pending', attempts = 0, available_at = $3, last_error = NULL
                   WHERE id = $1 AND case_id = $2 AND tenant_id = $4 AND status = 'failed' RETURNING id)
       SELECT id FROM r`,
      [t.effectId, t.caseId, t.at, scope.tenantId],
    );
    return rows.length > 0;
  }
}
