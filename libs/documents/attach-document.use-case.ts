import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../core/actor.dto';
import { zodProblems } from '../core/zod-problems.service';
import { InvalidInputError } from '../errors/domain.errors';
import { DOCUMENT_KINDS, DocumentKind } from './document.entity';
import { DocumentsRepository } from './documents.repository';
import {
  UploadDocumentsUseCase,
  type ReceivedFile,
  type UploadedDocument,
} from './upload-documents.use-case';
import { tenantScope } from '../core/tenant-scope';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

const body = z
  .object({
    expectedVersion: z
      .number({ message: 'give expectedVersion, the case version you read' })
      .int()
      .positive(),
    name: z
      .string()
      .trim()
      .min(1, 'give the document a name')
      .max(200, 'keep the name under 200 characters'),
    mediaType: z
      .string()
      .regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'give a media type such as application/pdf'),
    contentBase64: z
      .string()
      .min(1, 'give the document content, base64 encoded')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'contentBase64 must be base64'),
    /** plan (the default), report, appendix or part2Appendix (exempt). */
    kind: z.enum(DOCUMENT_KINDS).default('plan'),
    /** The document this one replaces: its outstanding links are voided and sent again. */
    replaces: z.string().uuid('replaces must be the id of a current document').optional(),
  })
  .strict();

/** The text fields of a multipart upload beside its file (all text, as a form sends them). */
const fileFields = z
  .object({
    expectedVersion: z
      .string({ message: 'give expectedVersion, the case version you read' })
      .regex(/^[1-9]\d{0,9}$/, 'give expectedVersion, the case version you read, as a whole number')
      .transform(Number),
    name: z
      .string({ message: 'give the document a name' })
      .trim()
      .min(1, 'give the document a name')
      .max(200, 'keep the name under 200 characters'),
    kind: z.enum(DOCUMENT_KINDS).default('plan'),
    replaces: z.string().uuid('replaces must be the id of a current document').optional(),
  })
  .strict();

export interface DocumentSummary {
  id: string;
  name: string;
  kind: DocumentKind;
  /** 1, 2, 3… within the document's versions. */
  version: number;
  /** What its content was sniffed as (the mediaType sent is not believed). */
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  uploadedAt: string;
  replacedBy: string | null;
  /** When its content was disposed of under the retention schedule; the hash remains. */
  disposedAt: string | null;
}

/**
 * The API's ways in, through the same checks and storage as an upload from the pages
 * (UploadDocumentsUseCase): a document as base64 in JSON (up to 10 MB, for small files), or a
 * file of a multipart form streamed to disk as it arrived (up to DOCUMENT_MAX_MB), attached or
 * replacing one.
 */
@Injectable()
export class AttachDocumentUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly uploads: UploadDocumentsUseCase,
  ) {}

  /** With `manager`, within that transaction (the demo's seed attaching its plan). */
  async attach(
    caseId: string,
    input: unknown,
    actor: Actor,
    opts: { manager?: EntityManager } = {},
  ): Promise<DocumentSummary> {
    const parsed = body.safeParse(input);
    if (!parsed.success)
      throw new InvalidInputError(
        'The document is not valid: fix the fields listed in problems.',
        zodProblems(parsed.error),
      );
    const d = parsed.data;
    const content = Buffer.from(d.contentBase64, 'base64');
    if (content.length === 0 || content.length > MAX_DOCUMENT_BYTES) {
      throw new InvalidInputError(
        `A document must hold between 1 byte and ${MAX_DOCUMENT_BYTES / 1024 / 1024} MB.`,
        [{ path: 'contentBase64', message: 'the decoded content is empty or too large' }],
      );
    }
    // The same path as an upload from the pages: on disk, checked by content, then stored.
    const dir = await mkdtemp(join(tmpdir(), 'ratify-doc-'));
    try {
      const path = join(dir, 'content');
      await writeFile(path, content);
      const [doc] = await this.uploads.upload(caseId, actor, {
        expectedVersion: d.expectedVersion,
        replaces: d.replaces,
        manager: opts.manager,
        documents: [
          {
            title: d.name,
            kind: d.kind,
            file: {
              fileName: d.name.replace(/[/\\]/g, '-'),
              path,
              size: content.length,
              sha256: createHash('sha256').update(content).digest('hex'),
              truncated: false,
            },
            fields: { title: 'name', kind: 'kind', file: 'contentBase64' },
          },
        ],
      });
      return summaryOf(doc);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * A file already received (streamed to disk and hashed by the caller) with the form's text
   * fields: checked as any upload is (not empty, within the limit, allowed by its content).
   */
  async attachFile(
    caseId: string,
    fields: Record<string, string>,
    file: ReceivedFile | null,
    actor: Actor,
  ): Promise<DocumentSummary> {
    const parsed = fileFields.safeParse(fields);
    if (!parsed.success)
      throw new InvalidInputError(
        'The document is not valid: fix the fields listed in problems.',
        zodProblems(parsed.error),
      );
    if (!file)
      throw new InvalidInputError(
        'Send the document as the file part named file of a multipart/form-data body.',
        [{ path: 'file', message: 'give the document as the file part named file' }],
      );
    const d = parsed.data;
    const [doc] = await this.uploads.upload(caseId, actor, {
      expectedVersion: d.expectedVersion,
      replaces: d.replaces,
      documents: [
        {
          title: d.name,
          kind: d.kind,
          file,
          fields: { title: 'name', kind: 'kind', file: 'file' },
        },
      ],
    });
    return summaryOf(doc);
  }

  async list(tenantId: string, caseId: string): Promise<DocumentSummary[]> {
    const rows = await DocumentsRepository.ofCase(tenantScope(tenantId), this.ds.manager, caseId);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      version: r.version,
      mediaType: r.mediaType,
      sha256: r.sha256,
      sizeBytes: r.sizeBytes,
      uploadedAt: r.uploadedAt.toISOString(),
      replacedBy: r.replacedBy,
      disposedAt: r.disposedAt?.toISOString() ?? null,
    }));
  }
}

function summaryOf(doc: UploadedDocument): DocumentSummary {
  return {
    id: doc.id,
    name: doc.name,
    kind: doc.kind,
    version: doc.version,
    mediaType: doc.mediaType,
    sha256: doc.sha256,
    sizeBytes: doc.sizeBytes,
    uploadedAt: doc.uploadedAt,
    replacedBy: null,
    disposedAt: null,
  };
}
