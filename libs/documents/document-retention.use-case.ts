import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../core/clock.service';
import { DomainError } from '../errors/domain.errors';
import { DocumentSettings } from './document-settings.service';
import { DocumentStore } from './document-store.repository';
import type { DocumentKind } from './document.entity';

export interface DueDocument {
  id: string;
  tenantId: string;
  caseId: string;
  name: string;
  kind: DocumentKind;
  version: number;
  sha256: string;
  closedAt: Date;
  rule: string;
}

/**
 * The retention schedule carried out: a document whose case closed longer ago than its kind's
 * period is disposed of, unless under a legal hold. Disposal deletes the content only; the row
 * keeps its title, version, size and SHA-256, when it was disposed of and under which rule, so
 * the audit chain (which holds hashes, never content) still verifies and the record says what was
 * there. Documents of open cases are never due.
 */
@Injectable()
export class DocumentRetentionUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DocumentStore,
    private readonly settings: DocumentSettings,
    private readonly clock: Clock,
  ) {}

  /** What is due now, across every council, oldest case first. */
  async due(): Promise<DueDocument[]> {
    const rules = Object.values(this.settings.retention);
    const rows: {
      id: string;
      tenant_id: string;
      case_id: string;
      name: string;
      kind: DocumentKind;
      version: number;
      sha256: string;
      closed_at: Date;
    }[] = await this.ds.query(
      `SELECT d.id, d.tenant_id, d.case_id, d.name, d.kind, d.version, d.sha256, c.closed_at
         FROM documents d JOIN cases c ON c.id = d.case_id AND c.tenant_id = d.tenant_id
         JOIN unnest($1::text[], $2::int[]) AS r(kind, years) ON r.kind = d.kind
        WHERE d.disposed_at IS NULL AND d.legal_hold IS NULL AND c.closed_at IS NOT NULL
          AND c.closed_at + make_interval(years => r.years) <= $3
        ORDER BY c.closed_at, d.uploaded_at`,
      [rules.map((r) => r.kind), rules.map((r) => r.keepYears), this.clock.now()],
    );
    return rows.map((r) => ({
      id: r.id,
      tenantId: r.tenant_id,
      caseId: r.case_id,
      name: r.name,
      kind: r.kind,
      version: r.version,
      sha256: r.sha256,
      closedAt: r.closed_at,
      rule: this.ruleWords(r.kind),
    }));
  }

  /** Disposes of everything due, each in its own transaction (a hold placed meanwhile wins). */
  async disposeDue(): Promise<number> {
    let disposed = 0;
    for (const d of await this.due()) {
      const done = await this.ds.transaction(async (m) => {
        const still: unknown[] = await m.query(
          `SELECT 1 FROM documents WHERE id = $1 AND disposed_at IS NULL AND legal_hold IS NULL FOR UPDATE`,
          [d.id],
        );
        if (still.length === 0) return false;
        await this.store.remove(m, d.tenantId, d.id);
        await m.query('UPDATE documents SET disposed_at = $2, disposal_rule = $3 WHERE id = $1', [
          d.id,
          this.clock.now(),
          d.rule,
        ]);
        return true;
      });
      if (done) disposed++;
    }
    return disposed;
  }

  /** Keeps every version of a document past its date until the hold is lifted; says why. */
  async placeHold(tenantId: string, caseId: string, documentId: string, reason: string) {
    const why = reason.trim();
    if (!why || why.length > 500)
      throw new DomainError(
        'INVALID_INPUT',
        'Say why the document is held',
        'A legal hold names its reason (a claim, an inquiry, a request under FOIA) in up to 500 characters.',
      );
    await this.setHold(tenantId, caseId, documentId, why);
  }

  async liftHold(tenantId: string, caseId: string, documentId: string) {
    await this.setHold(tenantId, caseId, documentId, null);
  }

  private async setHold(tenantId: string, caseId: string, documentId: string, hold: string | null) {
    const rows: unknown[] = await this.ds.query(
      `UPDATE documents SET legal_hold = $4 WHERE tenant_id = $1 AND case_id = $2
          AND series_id = (SELECT series_id FROM documents WHERE tenant_id = $1 AND case_id = $2 AND id = $3)
        RETURNING id`,
      [tenantId, caseId, documentId, hold],
    );
    if (rows.length === 0 || (rows[0] as unknown[]).length === 0)
      throw new DomainError(
        'CASE_NOT_FOUND',
        'No such document',
        'There is no such document on this case.',
      );
  }

  private ruleWords(kind: DocumentKind): string {
    const r = this.settings.retention[kind];
    return `${kind}: kept ${r.keepYears} years after the case closed (${r.source})`;
  }
}
