import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/**
 * The one-time links' SQL (action_links): the officer's chase voids them. Every statement keeps to
 * the scope's council by its own clause, row-level security aside (ADR 0015).
 */
@Injectable()
export class ActionLinkRepository {
  /**
   * Voids the case's open links, chased with new ones; the requests and roles they were for, each
   * once (none when nobody was waiting for an answer by email).
   */
  async voidOpenChased(
    scope: TenantScope,
    m: Queryable,
    caseId: string,
    at: Date,
  ): Promise<{ request: string; role: string }[]> {
    return m.query(
      `WITH v AS (UPDATE action_links SET status = 'voided', settled_at = $2, outcome = '{"reason":"chased: a new link was sent"}'
                   WHERE case_id = $1 AND tenant_id = $3 AND status = 'open' RETURNING request, role)
       SELECT DISTINCT request, role FROM v`,
      [caseId, at, scope.tenantId],
    );
  }
}
