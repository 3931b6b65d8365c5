import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A document's bytes, in order, a chunk at a time (ADR 0008): written and read without ever
 * holding the whole file in memory, and deleted when the document is disposed of.
 */
@Entity({ name: 'document_chunks' })
export class DocumentChunk {
  @PrimaryColumn({ name: 'document_id', type: 'uuid' })
  documentId!: string;

  @PrimaryColumn({ type: 'integer' })
  seq!: number;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'bytea' })
  data!: Buffer;
}
