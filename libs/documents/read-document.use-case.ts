import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { ActionLinkRepository } from '../links/action-link.repository';
import { LinkUnavailableError } from '../links/link.errors';
import { LinkTokens } from '../links/link-token.service';
import { DocumentStore } from './document-store.repository';
import { DocumentRow, DocumentsRepository } from './documents.repository';
import { tenantScope } from '../core/tenant-scope';

/** Why a document is not served. Each is a page of its own; nothing is sent of the content. */
export class DocumentUnavailableError extends Error {
  constructor(
    readonly reason: 'not-found' | 'disposed' | 'not-bound' | 'hash-mismatch',
    readonly document: DocumentRow | null = null,
  ) {
    super(`document unavailable: ${reason}`);
  }
}

/**
 * A document to send: its row, and its content a chunk at a time, checked against its hash as it
 * streams (a mismatch throws ContentMismatchError before the last chunk, so the response is cut
 * short of its Content-Length; see storage/verified-content.ts).
 */
export interface ServedDocument {
  document: DocumentRow;
  content: () => AsyncGenerator<Buffer>;
}

/**
 * Reading documents: staff read any version of their council's cases; the holder of an open
 * email link reads exactly the versions the link was made with (by position in its list, checked
 * against the hash it names), and every such read, refused or not, goes into the link's views,
 * which the certificate lists. The content is hashed as it is sent, the last chunk held back
 * until the hash matches: a stored version that no longer matches is never served whole.
 */
@Injectable()
export class ReadDocumentUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly store: DocumentStore,
    private readonly clock: Clock,
    private readonly links: ActionLinkRepository,
  ) {}

  /** What a link's page lists: each bound version as named, with what it is now (if anything). */
  async boundTo(link: {
    tenant_id: string;
    case_id: string;
    document_hashes: { name: string; sha256: string }[];
  }): Promise<{ position: number; sha256: string; document: DocumentRow | null }[]> {
    return Promise.all(
      link.document_hashes.map(async (b, i) => ({
        position: i + 1,
        sha256: b.sha256,
        document: await DocumentsRepository.byHash(
          tenantScope(link.tenant_id),
          this.ds.manager,
          link.case_id,
          b.sha256,
        ),
      })),
    );
  }

  async forStaff(tenantId: string, caseId: string, documentId: string): Promise<ServedDocument> {
    const document = await DocumentsRepository.one(
      tenantScope(tenantId),
      this.ds.manager,
      caseId,
      documentId,
    );
    if (!document) throw new DocumentUnavailableError('not-found');
    return this.checked(tenantId, document, document.sha256);
  }

  async forLink(
    token: string,
    position: number,
    method: string,
    client: { ip: string | null; userAgent: string | null },
  ): Promise<ServedDocument> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new LinkUnavailableError('unknown');
    const link = await this.links.byTokenHash(
      acrossCouncils('council look-up'),
      this.ds.manager,
      LinkTokens.hash(token),
    );
    if (!link) throw new LinkUnavailableError('unknown');
    const bound = Number.isInteger(position) ? link.document_hashes[position - 1] : undefined;
    const log = (what: string) =>
      this.links.logView(tenantScope(link.tenant_id), this.ds.manager, {
        linkId: link.id,
        method: `${method} document ${position}: ${what}`.slice(0, 200),
        at: this.clock.now(),
        ip: client.ip,
        userAgent: client.userAgent?.slice(0, 500) ?? null,
      });
    if (link.status !== 'open') {
      await log('refused, the link is closed');
      throw new LinkUnavailableError('closed');
    }
    if (!bound) {
      await log('refused, no such document on this request');
      throw new DocumentUnavailableError('not-bound');
    }
    const document = await DocumentsRepository.byHash(
      tenantScope(link.tenant_id),
      this.ds.manager,
      link.case_id,
      bound.sha256,
    );
    const label = (d: DocumentRow) =>
      `“${d.name.slice(0, 60)}” version ${d.version}, SHA-256 ${d.sha256}`;
    try {
      const served = await this.checked(
        link.tenant_id,
        document ?? Promise.reject(new DocumentUnavailableError('not-found')),
        bound.sha256,
        (sent) =>
          log(
            method === 'HEAD' || sent === 0
              ? `refused (hash-mismatch), SHA-256 ${bound.sha256}`
              : `aborted after ${sent} bytes: the content does not match SHA-256 ${bound.sha256}`,
          ),
      );
      await log(label(served.document));
      return served;
    } catch (e) {
      if (e instanceof DocumentUnavailableError)
        await log(`refused (${e.reason}), SHA-256 ${bound.sha256}`);
      throw e;
    }
  }

  /**
   * Disposed of or bound to another hash: refused before anything is sent. Otherwise the content
   * is hashed while it streams and the last piece held back until it matches (DocumentStore.verified).
   */
  private async checked(
    tenantId: string,
    documentOrNot: DocumentRow | Promise<never>,
    expected: string,
    onMismatch?: (bytesYielded: number) => Promise<unknown>,
  ): Promise<ServedDocument> {
    const document = await documentOrNot;
    if (document.disposedAt) throw new DocumentUnavailableError('disposed', document);
    if (document.sha256 !== expected) throw new DocumentUnavailableError('hash-mismatch', document);
    return {
      document,
      content: () => this.store.verified(tenantScope(tenantId), document, onMismatch),
    };
  }
}
