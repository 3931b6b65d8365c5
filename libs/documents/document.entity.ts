import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a document is to the case, which decides who may see it and how long it is kept. */
export const DOCUMENT_KINDS = [
  'plan',
  'report',
  'appendix',
  'part2Appendix',
  'backgroundPaper',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * One version of a paper the case asks people to agree or approve, identified by its SHA-256.
 * Its bytes live in document_chunks until disposed of; the row, with its hash, stays for ever as
 * the evidence of what was there.
 */
@Entity({ name: 'documents' })
@Index(['caseId', 'replacedBy'])
export class CaseDocument {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The title people know it by ("Better Care Fund plan 2021/22"). */
  @Column({ type: 'text' })
  name!: string;

  /** plan, report, appendix, part2Appendix (exempt: never in the public register) or backgroundPaper. */
  @Column({ type: 'text', default: 'plan' })
  kind!: DocumentKind;

  /** The file's name as uploaded, cleaned of paths and control characters; null for API uploads. */
  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  /** The type its bytes were sniffed as. */
  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ type: 'text' })
  sha256!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy!: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt!: Date;

  /** The first version's id: every version of one document shares it. */
  @Column({ name: 'series_id', type: 'uuid' })
  seriesId!: string;

  /** 1 for the first upload, then 2, 3… as it is replaced. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** The newer version that replaced this one; null while current. */
  @Column({ name: 'replaced_by', type: 'uuid', nullable: true })
  replacedBy!: string | null;

  /** Kept past its retention date while set: a legal hold, with why. */
  @Column({ name: 'legal_hold', type: 'text', nullable: true })
  legalHold!: string | null;

  /** When its content was removed under the retention schedule; the row and hash remain. */
  @Column({ name: 'disposed_at', type: 'timestamptz', nullable: true })
  disposedAt!: Date | null;

  /** The rule it was disposed of under, in words with its source. */
  @Column({ name: 'disposal_rule', type: 'text', nullable: true })
  disposalRule!: string | null;

  /** Where its bytes are: 'postgresql' (document_chunks) or 's3' (object storage; ADR 0017). */
  @Column({ name: 'content_store', type: 'text', default: 'postgresql' })
  contentStore!: string;
}
