import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../engine/actor.dto';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { zodProblems } from '../engine/zod-problems.service';
import { DomainError, InvalidInputError } from '../errors/domain.errors';

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
    /** The document this one replaces: its outstanding links are voided and sent again. */
    replaces: z.string().uuid('replaces must be the id of a current document').optional(),
  })
  .strict();

export interface DocumentSummary {
  id: string;
  name: string;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  uploadedAt: string;
  replacedBy: string | null;
}

/**
 * Attaches a document to a case, or replaces one. Replacing voids every outstanding action link
 * (they named the old document's hash) and sends the same requests again with the new one.
 */
@Injectable()
export class AttachDocumentUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly send: SendEventUseCase,
  ) {}

  async attach(caseId: string, input: unknown, actor: Actor): Promise<DocumentSummary> {
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
    const sha256 = createHash('sha256').update(content).digest('hex');
    const id = randomUUID();
    let uploadedAt = new Date();
    await this.send.recordFact(
      caseId,
      {
        type: d.replaces ? 'DOCUMENT_REPLACED' : 'DOCUMENT_ATTACHED',
        payload: { documentId: id, name: d.name, sha256, replaces: d.replaces ?? null },
      },
      actor,
      { expectedVersion: d.expectedVersion },
      async (m, ctx) => {
        uploadedAt = ctx.now;
        if (d.replaces) {
          const replaced: unknown[] = await m.query(
            `SELECT id FROM documents WHERE id = $1 AND case_id = $2 AND replaced_by IS NULL FOR UPDATE`,
            [d.replaces, caseId],
          );
          if (replaced.length === 0) {
            throw new DomainError(
              'INVALID_INPUT',
              'No such current document',
              `Document ${d.replaces} is not a current document of this case.`,
            );
          }
        }
        await m.query(
          `INSERT INTO documents (id, tenant_id, case_id, name, media_type, sha256, size_bytes, content, uploaded_by, uploaded_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            id,
            actor.tenantId,
            caseId,
            d.name,
            d.mediaType,
            sha256,
            content.length,
            content,
            actor.kind === 'person' ? actor.person.id : null,
            ctx.now,
          ],
        );
        if (!d.replaces) return;
        await m.query('UPDATE documents SET replaced_by = $2 WHERE id = $1', [d.replaces, id]);
        const open: { request: string; role: string }[] = await m.query(
          `WITH v AS (UPDATE action_links SET status = 'voided', settled_at = $2, outcome = '{"reason":"a document was replaced"}'
                       WHERE case_id = $1 AND status = 'open' RETURNING request, role)
           SELECT request, role FROM v`,
          [caseId, ctx.now],
        );
        await ctx.reissue(open.map((l) => ({ message: l.request, role: l.role })));
      },
    );
    return {
      id,
      name: d.name,
      mediaType: d.mediaType,
      sha256,
      sizeBytes: content.length,
      uploadedAt: uploadedAt.toISOString(),
      replacedBy: null,
    };
  }

  async list(tenantId: string, caseId: string): Promise<DocumentSummary[]> {
    const rows: {
      id: string;
      name: string;
      media_type: string;
      sha256: string;
      size_bytes: number;
      uploaded_at: Date;
      replaced_by: string | null;
    }[] = await this.ds.query(
      `SELECT id, name, media_type, sha256, size_bytes, uploaded_at, replaced_by FROM documents
          WHERE tenant_id = $1 AND case_id = $2 ORDER BY uploaded_at, id`,
      [tenantId, caseId],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      mediaType: r.media_type,
      sha256: r.sha256,
      sizeBytes: r.size_bytes,
      uploadedAt: r.uploaded_at.toISOString(),
      replacedBy: r.replaced_by,
    }));
  }
}
