import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { DocumentKind } from './document.entity';

/** A version's row as an upload writes it (its content goes to the document store). */
export interface NewDocumentVersion {
  id: string;
  caseId: string;
  name: string;
  kind: DocumentKind;
  fileName: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  uploadedBy: string | null;
  uploadedAt: Date;
  seriesId: string;
  version: number;
}

/**
 * An upload's SQL on the documents table (upload-documents.use-case.ts): the version a new one
 * replaces, locked; each version written on a case; the old one marked replaced. Every statement
 * keeps to the scope's council by its own clause, row-level security aside (ADR 0015).
 */
@Injectable()
export class DocumentVersionsRepository {
  /** The case's current (not replaced, not disposed of) document, locked; null if there is none. */
  async lockCurrent(
    scope: TenantScope,
    m: Queryable,
    caseId: string,
    id: string,
  ): Promise<{ seriesId: string; version: number } | null> {
    const rows: { series_id: string; version: number }[] = await m.query(
      `SELECT series_id, version FROM documents
        WHERE tenant_id = $1 AND case_id = $2 AND id = $3 AND replaced_by IS NULL AND disposed_at IS NULL
        FOR UPDATE`,
      [scope.tenantId, caseId, id],
    );
    return rows[0] ? { seriesId: rows[0].series_id, version: rows[0].version } : null;
  }

  /** Writes a version on a case of the council; throws if the case is not the council's. */
  async insert(scope: TenantScope, m: Queryable, d: NewDocumentVersion): Promise<void> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO documents (id, tenant_id, case_id, name, kind, file_name, media_type, sha256, size_bytes,
                              uploaded_by, uploaded_at, series_id, version)
       SELECT $1, c.tenant_id, c.id, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13
         FROM cases c WHERE c.tenant_id = $2 AND c.id = $3
       RETURNING id`,
      [
        d.id,
        scope.tenantId,
        d.caseId,
        d.name,
        d.kind,
        d.fileName,
        d.mediaType,
        d.sha256,
        d.sizeBytes,
        d.uploadedBy,
        d.uploadedAt,
        d.seriesId,
        d.version,
      ],
    );
    if (rows.length === 0) throw new Error(`case ${d.caseId} is not in the scope's council`);
  }

  /** Marks the council's document replaced by its new version. */
  async markReplaced(scope: TenantScope, m: Queryable, id: string, by: string): Promise<void> {
    await m.query('UPDATE documents SET replaced_by = $2 WHERE id = $1 AND tenant_id = $3', [
      id,
      by,
      scope.tenantId,
    ]);
  }
}
