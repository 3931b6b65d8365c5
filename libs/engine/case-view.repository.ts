import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import { DEADLINE_ORDER } from './deadline-order.service';

/** A pending deadline or reminder of a case, as the view reads it. */
export interface DeadlineRow {
  key: string;
  kind: string;
  due_at: Date;
  event: unknown;
}
/** An email of a case that failed, as the view reads it. */
export interface FailureRow {
  id: string;
  payload: { message: string; role: string; to: { name: string } };
  last_error: string | null;
  available_at: Date;
}

/**
 * The order of a case's failed emails wherever they are listed: oldest first, and emails an event
 * made together (one statement, one created_at) by their id, so that the reply to an event
 * (case-reply.service.ts, which sorts them itself) lists them as GET /api/cases/:id does.
 */
export const FAILED_EMAIL_ORDER = 'created_at, id';

/**
 * What a case's view reads beside its row (case-view.service.ts): its pending deadlines and
 * reminders, soonest first, and its emails that failed, oldest first; of one case, or of a page's
 * cases in one statement each. Every read keeps to the scope's council by its own clause, row-level
 * security aside (ADR 0015).
 */
@Injectable()
export class CaseViewRepository {
  async pendingDeadlines(scope: TenantScope, q: Queryable, caseId: string): Promise<DeadlineRow[]> {
    return q.query(
      `SELECT key, kind, due_at, event FROM deadlines WHERE case_id = $1 AND tenant_id = $2 AND status = 'pending' ORDER BY ${DEADLINE_ORDER()}`,
      [caseId, scope.tenantId],
    );
  }

  async failedEmails(scope: TenantScope, q: Queryable, caseId: string): Promise<FailureRow[]> {
    return q.query(
      `SELECT id, payload, last_error, available_at FROM effects WHERE case_id = $1 AND tenant_id = $2 AND status = 'failed' ORDER BY ${FAILED_EMAIL_ORDER}`,
      [caseId, scope.tenantId],
    );
  }

  /** The pending deadlines of every case of `caseIds`, each with its case's id. */
  async pendingDeadlinesOfCases(
    scope: TenantScope,
    q: Queryable,
    caseIds: string[],
  ): Promise<(DeadlineRow & { case_id: string })[]> {
    return q.query(
      `SELECT case_id, key, kind, due_at, event FROM deadlines
          WHERE case_id = ANY($1::uuid[]) AND tenant_id = $2 AND status = 'pending' ORDER BY ${DEADLINE_ORDER()}`,
      [caseIds, scope.tenantId],
    );
  }

  /** The failed emails of every case of `caseIds`, each with its case's id. */
  async failedEmailsOfCases(
    scope: TenantScope,
    q: Queryable,
    caseIds: string[],
  ): Promise<(FailureRow & { case_id: string })[]> {
    return q.query(
      `SELECT case_id, id, payload, last_error, available_at FROM effects
          WHERE case_id = ANY($1::uuid[]) AND tenant_id = $2 AND status = 'failed' ORDER BY ${FAILED_EMAIL_ORDER}`,
      [caseIds, scope.tenantId],
    );
  }
}
