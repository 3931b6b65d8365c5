import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../core/actor.dto';
import type { Queryable } from '../core/queryable';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { DomainError, InvalidInputError } from '../errors/domain.errors';
import { ActionLinkRepository } from '../links/action-link.repository';
import { OutboxRepository } from '../notifications/outbox.repository';
import { ALLOWED_TYPES_IN_WORDS, SniffedType, sniffFile } from './content-sniffer.service';
import { DocumentSettings, sizeInWords } from './document-settings.service';
import { DocumentStore } from './document-store.repository';
import { DocumentVersionsRepository } from './document-versions.repository';
import { CHUNK_BYTES } from './storage/postgres-content.store';
import { DOCUMENT_KINDS, DocumentKind } from './document.entity';
import { scopeOf, type TenantScope } from '../core/tenant-scope';

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
    private readonly versions: DocumentVersionsRepository,
    private readonly links: ActionLinkRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async upload(
    caseId: string,
    actor: Actor,
    input: {
      expectedVersion: number;
      documents: DocumentToUpload[];
      replaces?: string;
      /** A transaction to write in (the demo's seed); else one of the upload's own. */
      manager?: EntityManager;
    },
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
      { expectedVersion: input.expectedVersion, manager: input.manager },
      async (m, ctx) => {
        const scope = scopeOf(actor);
        let series: { seriesId: string; version: number } | null = null;
        if (input.replaces) series = await this.lockCurrent(scope, m, caseId, input.replaces);
        for (const f of facts) {
          const seriesId = series?.seriesId ?? f.id;
          const version = (series?.version ?? 0) + 1;
          await this.versions.insert(scope, m, {
            id: f.id,
            caseId,
            name: f.title,
            kind: f.kind,
            fileName: f.file.fileName,
            mediaType: f.type.mediaType,
            sha256: f.file.sha256,
            sizeBytes: f.file.size,
            uploadedBy: actor.kind === 'person' ? actor.person.id : null,
            uploadedAt: ctx.now,
            seriesId,
            version,
          });
          await this.store.write(
            scope,
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
        await this.versions.markReplaced(scope, m, input.replaces, facts[0].id);
        const open = await this.links.voidOpenForNewVersion(scope, m, caseId, ctx.now);
        await ctx.reissue(open.map((l) => ({ message: l.request, role: l.role })));
        // The emails just written for the re-issued requests say why they came again.
        await this.outbox.noteOnRequestEmails(scope, m, {
          caseId,
          caseVersion: input.expectedVersion + 1,
          note: REISSUE_NOTE(facts.map((f) => f.title)),
        });
      },
    );
    return uploaded;
  }

  private factOf(f: { id: string; title: string; kind: string; file: ReceivedFile }) {
    return { documentId: f.id, name: f.title, kind: f.kind, sha256: f.file.sha256 };
  }

  /** The version being replaced, locked: it must be a current document of this case. */
  private async lockCurrent(
    scope: TenantScope,
    m: Queryable,
    caseId: string,
    id: string,
  ): Promise<{ seriesId: string; version: number }> {
    const current = await this.versions.lockCurrent(scope, m, caseId, id);
    if (!current)
      throw new DomainError(
        'INVALID_INPUT',
        'No such current document',
        'The document to replace is not a current document of this case: it may have been replaced already. Read the case again.',
      );
    return current;
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
