import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { DomainError, InvalidInputError } from '../errors/domain.errors';
import { ALLOWED_TYPES_IN_WORDS, SniffedType, sniffFile } from './content-sniffer.service';
import { DocumentSettings, sizeInWords } from './document-settings.service';
import { DocumentStore } from './document-store.repository';
import { CHUNK_BYTES } from './storage/postgres-content.store';
import { DOCUMENT_KINDS, DocumentKind } from './document.entity';
import { scopeOf } from '../core/tenant-scope';

/** A file as the upload received it: already on disk, hashed as it arrived. */
export interface ReceivedFile {
  fileName: string;
  path: string;
  size: number;
  sha256: string;
  /** Cut off at the size limit. */
  truncated: boolean;
}

/** One document of an upload, with the names of the form fields it came from (for errors). */
export interface DocumentToUpload {
  title: string;
  kind: string;
  file: ReceivedFile | null;
  fields: { title: string; kind: string; file: string };
}

export interface UploadedDocument {
  id: string;
  seriesId: string;
  version: number;
  name: string;
  kind: DocumentKind;
  mediaType: string;
  sha256: string;
  sizeBytes: number;
  uploadedAt: string;
}

const REISSUE_NOTE = (names: string[]) =>
  `This request was sent again because a new version of ${names.map((n) => `“${n}”`).join(' and ')} replaced the one sent before. Your earlier link no longer works: please read the new version.`;

/**
 * Uploads one or more documents to a case, or a new version of one. Every file is checked first
 * (a title, a kind, not empty, within the limit, a safe name, an allowed type by its content):
 * one refusal and nothing is stored. Then all of them go in one transaction with one audit fact.
 * A new version voids the open requests (their links named the old hash) and sends them again,
 * saying why.
 */
@Injectable()
export class UploadDocumentsUseCase {
  constructor(
    private readonly send: SendEventUseCase,
    private readonly store: DocumentStore,
    private readonly settings: DocumentSettings,
  ) {}

  async upload(
    caseId: string,
    actor: Actor,
    input: { expectedVersion: number; documents: DocumentToUpload[]; replaces?: string },
  ): Promise<UploadedDocument[]> {
    const checked = await this.check(input.documents);
    const uploaded: UploadedDocument[] = [];
    const facts = checked.map((c) => ({ ...c, id: randomUUID() }));
    await this.send.recordFact(
      caseId,
      {
        type: input.replaces
          ? 'DOCUMENT_REPLACED'
          : facts.length > 1
            ? 'DOCUMENTS_ATTACHED'
            : 'DOCUMENT_ATTACHED',
        payload:
          facts.length === 1
            ? { ...this.factOf(facts[0]), replaces: input.replaces ?? null }
            : { documents: facts.map((f) => this.factOf(f)) },
      },
      actor,
      { expectedVersion: input.expectedVersion },
      async (m, ctx) => {
        let series: { seriesId: string; version: number } | null = null;
        if (input.replaces)
          series = await this.lockCurrent(m, actor.tenantId, caseId, input.replaces);
        for (const f of facts) {
          const seriesId = series?.seriesId ?? f.id;
          const version = (series?.version ?? 0) + 1;
          await m.query(
            `INSERT INTO documents (id, tenant_id, case_id, name, kind, file_name, media_type, sha256, size_bytes,
                                    uploaded_by, uploaded_at, series_id, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
            [
              f.id,
              actor.tenantId,
              caseId,
              f.title,
              f.kind,
              f.file.fileName,
              f.type.mediaType,
              f.file.sha256,
              f.file.size,
              actor.kind === 'person' ? actor.person.id : null,
              ctx.now,
              seriesId,
              version,
            ],
          );
          await this.store.write(
            scopeOf(actor),
            m,
            f.id,
            createReadStream(f.file.path, { highWaterMark: CHUNK_BYTES }),
          );
          uploaded.push({
            id: f.id,
            seriesId,
            version,
            name: f.title,
            kind: f.kind,
            mediaType: f.type.mediaType,
            sha256: f.file.sha256,
            sizeBytes: f.file.size,
            uploadedAt: ctx.now.toISOString(),
          });
        }
        if (!input.replaces) return;
        await m.query('UPDATE documents SET replaced_by = $2 WHERE id = $1', [
          input.replaces,
          facts[0].id,
        ]);
        const open: { request: string; role: string }[] = await m.query(
          `WITH v AS (UPDATE action_links SET status = 'voided', settled_at = $2,
                             outcome = '{"reason":"a new version of a document replaced the one it named"}'
                       WHERE case_id = $1 AND status = 'open' RETURNING request, role)
           SELECT request, role FROM v`,
          [caseId, ctx.now],
        );
        await ctx.reissue(open.map((l) => ({ message: l.request, role: l.role })));
        // The emails just written for the re-issued requests say why they came again.
        await m.query(
          `UPDATE effects SET payload = payload || jsonb_build_object('note', $3::text)
            WHERE case_id = $1 AND kind = 'email' AND status = 'pending'
              AND (payload->>'caseVersion')::int = $2 AND payload->>'linkId' IS NOT NULL`,
          [caseId, input.expectedVersion + 1, REISSUE_NOTE(facts.map((f) => f.title))],
        );
      },
    );
    return uploaded;
  }

  private factOf(f: { id: string; title: string; kind: string; file: ReceivedFile }) {
    return { documentId: f.id, name: f.title, kind: f.kind, sha256: f.file.sha256 };
  }

  /** The version being replaced, locked: it must be a current document of this case. */
  private async lockCurrent(
    m: EntityManager,
    tenantId: string,
    caseId: string,
    id: string,
  ): Promise<{ seriesId: string; version: number }> {
    const rows: { series_id: string; version: number }[] = await m.query(
      `SELECT series_id, version FROM documents
        WHERE tenant_id = $1 AND case_id = $2 AND id = $3 AND replaced_by IS NULL AND disposed_at IS NULL
        FOR UPDATE`,
      [tenantId, caseId, id],
    );
    if (!rows[0])
      throw new DomainError(
        'INVALID_INPUT',
        'No such current document',
        'The document to replace is not a current document of this case: it may have been replaced already. Read the case again.',
      );
    return { seriesId: rows[0].series_id, version: rows[0].version };
  }

  /** Every document checked before anything is stored; all problems at once. */
  private async check(documents: DocumentToUpload[]) {
    const problems: { path: string; message: string }[] = [];
    const ok: { title: string; kind: DocumentKind; file: ReceivedFile; type: SniffedType }[] = [];
    const limit = this.settings.maxBytes;
    if (documents.length === 0)
      throw new InvalidInputError('Choose a file to upload.', [
        { path: 'file1', message: 'Select a file' },
      ]);
    for (const d of documents) {
      const before = problems.length;
      const title = d.title.trim();
      if (!title)
        problems.push({ path: d.fields.title, message: 'Enter a title for the document' });
      else if (title.length > 200)
        problems.push({ path: d.fields.title, message: 'Title must be 200 characters or fewer' });
      if (!(DOCUMENT_KINDS as readonly string[]).includes(d.kind))
        problems.push({ path: d.fields.kind, message: 'Select what kind of document it is' });
      const f = d.file;
      let type: SniffedType | null = null;
      if (!f) problems.push({ path: d.fields.file, message: 'Select a file' });
      else if (f.truncated || f.size > limit)
        problems.push({
          path: d.fields.file,
          message: `The selected file must be smaller than ${sizeInWords(limit)}`,
        });
      else if (f.size === 0)
        problems.push({ path: d.fields.file, message: 'The selected file is empty' });
      else if (/[/\\\x00-\x1f\x7f]/.test(f.fileName) || f.fileName.length > 255)
        problems.push({
          path: d.fields.file,
          message:
            'The file’s name must not contain slashes or control characters: rename the file and select it again',
        });
      else if (!(type = await sniffFile(f.path, f.fileName)))
        problems.push({
          path: d.fields.file,
          message: `The selected file must be a ${ALLOWED_TYPES_IN_WORDS} file: its content is none of these, whatever its name says`,
        });
      if (problems.length === before && f && type)
        ok.push({ title, kind: d.kind as DocumentKind, file: f, type });
    }
    if (problems.length)
      throw new InvalidInputError(
        'Nothing was uploaded: fix the documents listed in problems.',
        problems,
      );
    return ok;
  }
}
