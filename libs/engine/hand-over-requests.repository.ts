import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** A request a case has out: its role, its message and the person it went to. */
export interface OpenRequestRow {
  role: string;
  message: string;
  personId: string;
}

/**
 * What a hand-over reads of a case besides its row (hand-over-requests.service.ts): the requests
 * the case has out. Kept to the scope's council by its own clauses, row-level security aside
 * (ADR 0015).
 */
@Injectable()
export class HandOverRequestsRepository {
  /**
   * The requests the case has out for `roles`, one per role: its open links, else (a request sent
   * without a link) the last email of the role whose message is one of `requestMessages`.
   */
  async openRequests(
    scope: TenantScope,
    q: Queryable,
    caseId: string,
    roles: string[],
    requestMessages: string[],
  ): Promise<OpenRequestRow[]> {
    return q.query(
      `SELECT DISTINCT ON (role) role, message, "personId" FROM (
         SELECT l.role, l.request AS message, l.person_id::text AS "personId", 0 AS rank, l.created_at AS at
           FROM action_links l WHERE l.case_id = $1 AND l.tenant_id = $4 AND l.status = 'open' AND l.role = ANY($2::text[])
         UNION ALL
         SELECT f.payload->>'role', f.payload->>'message', f.payload->'to'->>'id', 1, f.created_at
           FROM effects f WHERE f.case_id = $1 AND f.tenant_id = $4 AND f.kind = 'email' AND f.payload->>'role' = ANY($2::text[])
            AND f.payload->>'message' = ANY($3::text[])) r
        ORDER BY role, rank, at DESC`,
      [caseId, roles, requestMessages, scope.tenantId],
    );
  }
}
