import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** A deadline falling due soon, with its case, as the dashboard reads it. */
export interface DueSoonRow {
  case_id: string;
  reference: string;
  title: string;
  template_id: string;
  template_version: number;
  key: string;
  kind: string;
  due_at: Date;
}

/**
 * What the officer's dashboard reads besides its counts and lists of cases
 * (officer-dashboard.service.ts): the deadlines at risk. Kept to the scope's council by its own
 * clause, row-level security aside (ADR 0015).
 */
@Injectable()
export class OfficerDashboardRepository {
  /** The council's pending deadlines (not reminders) due by `until`, soonest first, at most `limit`. */
  async deadlinesDueBy(
    scope: TenantScope,
    q: Queryable,
    until: Date,
    limit: number,
  ): Promise<DueSoonRow[]> {
    return q.query(
      `SELECT d.case_id, c.reference, c.title, c.template_id, c.template_version, d.key, d.kind, d.due_at
        FROM deadlines d JOIN cases c ON c.id = d.case_id
        WHERE d.tenant_id = $1 AND d.status = 'pending' AND d.kind = 'deadline' AND d.due_at <= $2
        ORDER BY d.due_at LIMIT $3`,
      [scope.tenantId, until, limit],
    );
  }
}
