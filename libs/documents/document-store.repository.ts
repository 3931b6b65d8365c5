import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from '../core/queryable';

/** Size of the pieces a document is written and read in (ADR 0008). */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Where documents' bytes live: PostgreSQL, a chunk per row (ADR 0008). Bytes go in and come out a
 * chunk at a time, so that a 25 MB file never sits whole in memory. The one place that knows.
 */
@Injectable()
export class DocumentStore {
  constructor(private readonly ds: DataSource) {}

  /** Writes `source` as the document's content, inside the caller's transaction. */
  async write(
    m: EntityManager,
    tenantId: string,
    documentId: string,
    source: AsyncIterable<Buffer>,
  ): Promise<void> {
    let seq = 0;
    for await (const data of source) {
      if (data.length === 0) continue;
      await m.query(
        'INSERT INTO document_chunks (tenant_id, document_id, seq, data) VALUES ($1, $2, $3, $4)',
        [tenantId, documentId, seq++, data],
      );
    }
  }

  /**
   * The document's content, a chunk at a time, in order; nothing once disposed of. `q` reads it
   * inside a caller's transaction (an export's snapshot) rather than from the pool.
   */
  async *read(
    tenantId: string,
    documentId: string,
    q: Queryable = this.ds,
  ): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const rows: { data: Buffer }[] = await q.query(
        'SELECT data FROM document_chunks WHERE tenant_id = $1 AND document_id = $2 AND seq = $3',
        [tenantId, documentId, seq],
      );
      if (rows.length === 0) return;
      yield rows[0].data;
    }
  }

  /** SHA-256 and length of what is stored now, read through once. */
  async digest(tenantId: string, documentId: string): Promise<{ sha256: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of this.read(tenantId, documentId)) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { sha256: hash.digest('hex'), size };
  }

  /** Removes the content for good (retention); the document's row and hash stay. */
  async remove(m: EntityManager, tenantId: string, documentId: string): Promise<void> {
    await m.query('DELETE FROM document_chunks WHERE tenant_id = $1 AND document_id = $2', [
      tenantId,
      documentId,
    ]);
  }
}
