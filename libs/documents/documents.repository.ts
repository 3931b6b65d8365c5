import { EntityManager } from 'typeorm';
import type { DocumentKind } from './document.entity';
import type { TenantScope } from '../core/tenant-scope';

/** A document version as the pages and the API read it (never its content). */
export interface DocumentRow {
  id: string;
  caseId: string;
  seriesId: string;
  version: number;
  name: string;
  kind: DocumentKind;
  fileName: string | null;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  uploadedAt: Date;
  uploadedByName: string | null;
  replacedBy: string | null;
  legalHold: string | null;
  disposedAt: Date | null;
  disposalRule: string | null;
}

const COLUMNS = `d.id, d.case_id, d.series_id, d.version, d.name, d.kind, d.file_name, d.media_type, d.sha256,
  d.size_bytes, d.uploaded_at, p.name AS uploaded_by_name, d.replaced_by, d.legal_hold, d.disposed_at, d.disposal_rule`;
const FROM =
  'FROM documents d LEFT JOIN people p ON p.id = d.uploaded_by AND p.tenant_id = d.tenant_id';

interface Raw {
  id: string;
  case_id: string;
  series_id: string;
  version: number;
  name: string;
  kind: DocumentKind;
  file_name: string | null;
  media_type: string;
  sha256: string;
  size_bytes: number;
  uploaded_at: Date;
  uploaded_by_name: string | null;
  replaced_by: string | null;
  legal_hold: string | null;
  disposed_at: Date | null;
  disposal_rule: string | null;
}

const toRow = (r: Raw): DocumentRow => ({
  id: r.id,
  caseId: r.case_id,
  seriesId: r.series_id,
  version: r.version,
  name: r.name,
  kind: r.kind,
  fileName: r.file_name,
  mediaType: r.media_type,
  sha256: r.sha256,
  sizeBytes: r.size_bytes,
  uploadedAt: r.uploaded_at,
  uploadedByName: r.uploaded_by_name,
  replacedBy: r.replaced_by,
  legalHold: r.legal_hold,
  disposedAt: r.disposed_at,
  disposalRule: r.disposal_rule,
});

/** The documents table's reads, in one place (its writes are the use cases' transactions). */
export const DocumentsRepository = {
  /** Every version of every document of a case, oldest first. */
  async ofCase(scope: TenantScope, m: EntityManager, caseId: string): Promise<DocumentRow[]> {
    const rows: Raw[] = await m.query(
      `SELECT ${COLUMNS} ${FROM} WHERE d.tenant_id = $1 AND d.case_id = $2 ORDER BY d.uploaded_at, d.id`,
      [scope.tenantId, caseId],
    );
    return rows.map(toRow);
  },

  async one(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
    id: string,
  ): Promise<DocumentRow | null> {
    const rows: Raw[] = await m.query(
      `SELECT ${COLUMNS} ${FROM} WHERE d.tenant_id = $1 AND d.case_id = $2 AND d.id = $3`,
      [scope.tenantId, caseId, id],
    );
    return rows[0] ? toRow(rows[0]) : null;
  },

  /** The version of a case's documents with this hash (the one a link names), newest first. */
  async byHash(
    scope: TenantScope,
    m: EntityManager,
    caseId: string,
    sha256: string,
  ): Promise<DocumentRow | null> {
    const rows: Raw[] = await m.query(
      `SELECT ${COLUMNS} ${FROM} WHERE d.tenant_id = $1 AND d.case_id = $2 AND d.sha256 = $3
        ORDER BY d.disposed_at NULLS FIRST, d.uploaded_at DESC LIMIT 1`,
      [scope.tenantId, caseId, sha256],
    );
    return rows[0] ? toRow(rows[0]) : null;
  },
};
