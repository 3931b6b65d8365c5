import { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from '../../core/queryable';
import type { ContentStore } from './content-store';

/** Size of the pieces a document is written and read in (ADR 0008). */
export const CHUNK_BYTES = 256 * 1024;

/**
 * Size of the slices a chunk is read back in. bytea arrives as hex text (twice the bytes), and
 * V8 keeps any string or buffer over 128 kB in its large-object space, freed only by a full
 * collection: read whole chunks, the dead 512 kB strings pile up until one (RSS grew by 23 to
 * 44 MB serving 20 MB). Slices of 32 kB (64 kB of hex) die young and cheaply instead.
 */
const READ_SLICE_BYTES = 32 * 1024;

/**
 * Documents' bytes in PostgreSQL, a chunk per row of `document_chunks` (ADR 0008), the default.
 * Each slice is read by its own query only when the reader asks for the next one, so the
 * socket's backpressure reaches the database and nothing is read ahead.
 */
export class PostgresContentStore implements ContentStore {
  readonly name = 'postgresql' as const;

  constructor(private readonly ds: DataSource) {}

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

  async *read(
    tenantId: string,
    documentId: string,
    q: Queryable = this.ds,
  ): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      for (let from = 1; ; from += READ_SLICE_BYTES) {
        const rows: { data: Buffer; size: number }[] = await q.query(
          `SELECT substring(data FROM $4 FOR ${READ_SLICE_BYTES}) AS data, octet_length(data) AS size
             FROM document_chunks WHERE tenant_id = $1 AND document_id = $2 AND seq = $3`,
          [tenantId, documentId, seq, from],
        );
        if (rows.length === 0) return;
        if (rows[0].data.length > 0) yield rows[0].data;
        if (from - 1 + READ_SLICE_BYTES >= rows[0].size) break;
      }
    }
  }

  async remove(m: EntityManager, tenantId: string, documentId: string): Promise<void> {
    await m.query('DELETE FROM document_chunks WHERE tenant_id = $1 AND document_id = $2', [
      tenantId,
      documentId,
    ]);
  }
}
