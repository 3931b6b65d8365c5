import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { DocumentKind } from './document.entity';

/** A document version due for disposal, with its case's title and when it closed. */
export interface DueDocumentRow {
  id: string;
  tenant_id: string;
  case_id: string;
  title: string;
  name: string;
  kind: DocumentKind;
  version: number;
  sha256: string;
  size_bytes: number;
  closed_at: Date;
  years: number;
}

/**
 * Retention's SQL on the documents table (document-retention.use-case.ts): what is due, a
 * confirmed disposal checked under lock and recorded, legal holds placed and lifted. Every
 * statement keeps to the scope's council by its own clause, row-level security aside (ADR 0015).
 */
@Injectable()
export class DocumentRetentionRepository {
  /**
   * The council's documents whose case closed longer ago than their kind's period (`rules`, kind
   * by kind), not disposed of and not under a legal hold, oldest case first.
   */
  async due(
    scope: TenantScope,
    q: Queryable,
    rules: { kind: string; keepYears: number }[],
    now: Date,
  ): Promise<DueDocumentRow[]> {
    return q.query(
      `SELECT d.id, d.tenant_id, d.case_id, c.title, d.name, d.kind, d.version, d.sha256, d.size_bytes,
              c.closed_at, r.years
         FROM documents d JOIN cases c ON c.id = d.case_id AND c.tenant_id = d.tenant_id
         JOIN unnest($2::text[], $3::int[]) AS r(kind, years) ON r.kind = d.kind
        WHERE d.tenant_id = $1 AND d.disposed_at IS NULL AND d.legal_hold IS NULL
          AND c.closed_at IS NOT NULL AND c.closed_at + make_interval(years => r.years) <= $4
        ORDER BY c.closed_at, c.id, d.series_id, d.version`,
      [scope.tenantId, rules.map((r) => r.kind), rules.map((r) => r.keepYears), now],
    );
  }

  /** Locks the council's document if it is still there, not disposed of and not held; false if not. */
  async lockStillDisposable(scope: TenantScope, m: Queryable, id: string): Promise<boolean> {
    const still: unknown[] = await m.query(
      `SELECT 1 FROM documents WHERE tenant_id = $1 AND id = $2 AND disposed_at IS NULL AND legal_hold IS NULL FOR UPDATE`,
      [scope.tenantId, id],
    );
    return still.length > 0;
  }

  /** Records the document's content disposed of: when, and under which rule. */
  async markDisposed(
    scope: TenantScope,
    m: Queryable,
    t: { id: string; at: Date; rule: string },
  ): Promise<void> {
    await m.query(
      'UPDATE documents SET disposed_at = $3, disposal_rule = $4 WHERE tenant_id = $1 AND id = $2',
      [scope.tenantId, t.id, t.at, t.rule],
    );
  }

  /**
   * Places (`hold`, its reason) or lifts (null) a legal hold on every version of the series the
   * case's document belongs to; the versions changed (none when the case has no such document).
   */
  async setHold(
    scope: TenantScope,
    m: Queryable,
    t: { caseId: string; documentId: string; hold: string | null },
  ): Promise<{ id: string; version: number; sha256: string }[]> {
    const rows: unknown[] = await m.query(
      `UPDATE documents SET legal_hold = $4 WHERE tenant_id = $1 AND case_id = $2
          AND series_id = (SELECT series_id FROM documents WHERE tenant_id = $1 AND case_id = $2 AND id = $3)
        RETURNING id, version, sha256`,
      [scope.tenantId, t.caseId, t.documentId, t.hold],
    );
    // A bare UPDATE ... RETURNING comes back from the driver as [rows, count].
    return ((rows[0] as unknown[] | undefined) ?? []) as {
      id: string;
      version: number;
      sha256: string;
    }[];
  }
}
