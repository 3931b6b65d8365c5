import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

/** A document as emails and links name it. */
export interface CaseDocument {
  name: string;
  sha256: string;
}

/** The rows a transition writes, as sub-statements (effect-planner.service.ts's WriteBatch). */
export interface EffectRows<C extends { tenantId: string }> {
  /**
   * The sub-statements, their values as `p` numbers them; without a CTE of the advanced case,
   * each UPDATE keeps to the council `ctx.tenantId` names by its own clause.
   */
  statements(ctx: C, p: (value: unknown) => string): string[];
}

/**
 * The effect planner's SQL (effect-planner.service.ts): the case's current documents that its
 * emails and links name, and a transition's emails, links and deadlines written as one statement
 * of their own (opening a case, requests sent again). Each keeps to the scope's council by its own
 * clause, row-level security aside (ADR 0015); the rows inserted carry the scope's council, and the
 * database's composite keys refuse them for another council's case. A send writes its rows inside
 * its own statement instead (case.repository.ts's advance), where the advanced case guards them.
 */
@Injectable()
export class EffectRowsRepository {
  /** The case's current documents, in the order they were attached. */
  async currentDocuments(
    scope: TenantScope,
    q: Queryable,
    caseId: string,
  ): Promise<CaseDocument[]> {
    return q.query(
      // A Part 2 (exempt) appendix is never named in an email body: its link reads it by hash.
      `SELECT CASE WHEN kind = 'part2Appendix' THEN 'Exempt appendix (Part 2, not named by email)' ELSE name END AS name, sha256
       FROM documents WHERE case_id = $1 AND tenant_id = $2 AND replaced_by IS NULL AND disposed_at IS NULL ORDER BY uploaded_at, id`,
      [caseId, scope.tenantId],
    );
  }

  /**
   * Writes the rows now, as one statement of their own (nothing when there are none). A batch
   * planned for another council's case is a bug, thrown before anything is written.
   */
  async write<C extends { tenantId: string }>(
    scope: TenantScope,
    q: Queryable,
    rows: EffectRows<C>,
    ctx: C,
  ): Promise<void> {
    if (ctx.tenantId !== scope.tenantId)
      throw new Error(
        `rows of council ${ctx.tenantId} written in council ${scope.tenantId}'s scope`,
      );
    const params: unknown[] = [];
    const parts = rows.statements(ctx, (v) => `$${params.push(v)}`);
    if (parts.length === 0) return;
    await q.query(
      `WITH ${parts.map((sql, i) => `w${i} AS (${sql})`).join(',\n')} SELECT 1`,
      params,
    );
  }
}
