import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { Queryable } from '../core/queryable';
import { DocumentSettings } from './document-settings.service';
import type { ContentStore, ContentStoreName } from './storage/content-store';
import { PostgresContentStore } from './storage/postgres-content.store';
import type { S3ContentStore } from './storage/s3-content.store';
import { verifiedContent } from './storage/verified-content';
import type { TenantScope } from '../core/tenant-scope';

/**
 * The S3 store, loaded only where documents go to object storage: the AWS SDK it brings is about
 * 4 MB of heap that a process storing documents in PostgreSQL would keep for nothing (issue #21).
 */
function s3ContentStore(): typeof S3ContentStore {
  type S3Module = typeof import('./storage/s3-content.store');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when configured
  return (require('./storage/s3-content.store') as S3Module).S3ContentStore;
}

/**
 * Documents' bytes, wherever they are kept (storage/: PostgreSQL by default, ADR 0008; object
 * storage through the S3 API with DOCUMENT_STORE=s3, ADR 0017). The use cases go through this one
 * class: it writes to the store in force and notes it on the document's row, reads each document
 * from the store its row names (so a change of setting strands nothing), and reads back through
 * a SHA-256 check made while the bytes stream (storage/verified-content.ts).
 */
@Injectable()
export class DocumentStore implements OnModuleDestroy {
  private readonly stores: Partial<Record<ContentStoreName, ContentStore>> = {};
  private readonly current: ContentStoreName;

  constructor(
    private readonly ds: DataSource,
    settings: DocumentSettings = new DocumentSettings(),
  ) {
    this.stores.postgresql = new PostgresContentStore(ds);
    if (settings.s3) this.stores.s3 = new (s3ContentStore())(settings.s3);
    this.current = settings.store;
  }

  onModuleDestroy() {
    (this.stores.s3 as S3ContentStore | undefined)?.close();
  }

  private storeNamed(name: string): ContentStore {
    const store = this.stores[name as ContentStoreName];
    if (!store)
      throw new Error(
        `a document's content is in ${name}, which is not configured (DOCUMENT_STORE and DOCUMENT_S3_* settings)`,
      );
    return store;
  }

  private async storeOf(
    scope: TenantScope,
    documentId: string,
    q: Queryable = this.ds,
  ): Promise<ContentStore> {
    const rows: { content_store: string }[] = await q.query(
      'SELECT content_store FROM documents WHERE tenant_id = $1 AND id = $2',
      [scope.tenantId, documentId],
    );
    return this.storeNamed(rows[0]?.content_store ?? 'postgresql');
  }

  /**
   * Writes `source` as the document's content, inside the caller's transaction, whose documents
   * row must already be inserted. Object storage does not roll back with the transaction: if the
   * write itself fails, whatever it stored is removed; an object whose row's transaction fails
   * later stays behind, unnamed by any row (ADR 0017).
   */
  async write(
    scope: TenantScope,
    m: EntityManager,
    documentId: string,
    source: AsyncIterable<Buffer>,
  ): Promise<void> {
    const store = this.storeNamed(this.current);
    await m.query('UPDATE documents SET content_store = $3 WHERE tenant_id = $1 AND id = $2', [
      scope.tenantId,
      documentId,
      store.name,
    ]);
    try {
      await store.write(m, scope.tenantId, documentId, source);
    } catch (e) {
      if (store.name !== 'postgresql')
        await store.remove(m, scope.tenantId, documentId).catch(() => undefined);
      throw e;
    }
  }

  /**
   * The content as stored, unchecked, a piece at a time. `q` reads PostgreSQL's chunks inside a
   * caller's transaction (an export's snapshot) rather than from the pool; an object store has
   * no snapshot, so its objects are read as they are now.
   */
  async *read(scope: TenantScope, documentId: string, q?: Queryable): AsyncGenerator<Buffer> {
    yield* (await this.storeOf(scope, documentId, q)).read(scope.tenantId, documentId, q);
  }

  /**
   * The content checked against its recorded hash and size as it streams: the last piece is held
   * back until the whole has hashed right, and a mismatch throws ContentMismatchError instead
   * (after `onMismatch`, e.g. to put the refusal into the evidence).
   */
  verified(
    scope: TenantScope,
    document: { id: string; sha256: string; sizeBytes: number },
    onMismatch?: (bytesYielded: number) => Promise<unknown>,
  ): AsyncGenerator<Buffer> {
    return verifiedContent(
      document.id,
      this.read(scope, document.id),
      { sha256: document.sha256, size: document.sizeBytes },
      onMismatch,
    );
  }

  /** Removes the content for good (retention); the document's row and hash stay. */
  async remove(scope: TenantScope, m: EntityManager, documentId: string): Promise<void> {
    await (await this.storeOf(scope, documentId)).remove(m, scope.tenantId, documentId);
  }
}
