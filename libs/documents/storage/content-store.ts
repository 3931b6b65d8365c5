import type { EntityManager } from 'typeorm';
import type { Queryable } from '../../core/queryable';

/** The places a document's bytes can live (ADR 0008, ADR 0017); each document row names its own. */
export const CONTENT_STORES = ['postgresql', 's3'] as const;
export type ContentStoreName = (typeof CONTENT_STORES)[number];

/**
 * Where a document's bytes are kept. Bytes go in and come out a piece at a time, so that a
 * 25 MB file never sits whole in memory; the rows (title, hash, version, retention) stay in
 * PostgreSQL whatever holds the bytes. Written inside the caller's transaction: a store outside
 * the database (object storage) cannot roll back with it, so it is written before the row
 * commits and removed if the transaction fails (DocumentStore).
 */
export interface ContentStore {
  readonly name: ContentStoreName;
  /** Keeps `source` as the document's content. */
  write(
    m: EntityManager,
    tenantId: string,
    documentId: string,
    source: AsyncIterable<Buffer>,
  ): Promise<void>;
  /**
   * The content, in order, a piece at a time, each read when the consumer asks for it; through
   * `q` (a caller's transaction) where the store is the database.
   */
  read(tenantId: string, documentId: string, q?: Queryable): AsyncGenerator<Buffer>;
  /** Removes the content for good (retention, or a write whose transaction failed). */
  remove(m: EntityManager, tenantId: string, documentId: string): Promise<void>;
}
