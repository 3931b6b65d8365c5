import type { Writable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { DataExportsRepository, type ExportRequester } from '../audit/data-exports.repository';
import { Clock } from '../core/clock.service';
import type { TenantScope } from '../core/tenant-scope';
import { ArchiveWriter } from './archive-writer.service';
import { EXPORT_FORMAT, EXPORT_FORMAT_VERSION, type ExportManifest } from './export-manifest';
import { ExportRecordsRepository } from './export-records.repository';

/** Who asks for an export, how, and where the archive goes. */
export interface ExportRequest {
  scope: TenantScope;
  requestedBy: ExportRequester;
  channel: 'command' | 'api' | 'page';
  out: Writable;
  /** tar.gz rather than tar. */
  gzip: boolean;
  /** Called once the export is recorded, before its first byte (an HTTP response's headers). */
  onStart?: () => void;
}

/** What an export's body writes, besides its files: its kind, person, heads. */
export type ExportBody = (
  m: EntityManager,
  w: ArchiveWriter,
) => Promise<Pick<ExportManifest, 'auditHeads' | 'directoryChanges'>>;

/**
 * One export from start to end: recorded first on the council's record of exports (who asked and
 * when: the archive carries personal data), then every file read from ONE read-only snapshot
 * (repeatable read: the cases, chains and heads of one moment, whatever happens meanwhile), the
 * manifest last. A failure part way breaks the stream, so no short archive looks whole.
 */
@Injectable()
export class ExportRunner {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly exports: DataExportsRepository,
    private readonly records: ExportRecordsRepository,
  ) {}

  async run(
    req: ExportRequest,
    kind: ExportManifest['kind'],
    person: ExportManifest['person'],
    body: ExportBody,
  ): Promise<ExportManifest> {
    const now = this.clock.now();
    const exportId = await this.exports.record(req.scope, this.ds.manager, {
      kind,
      subjectEmail: person?.email ?? null,
      requestedBy: req.requestedBy,
      requestedAt: now,
      channel: req.channel,
    });
    req.onStart?.();
    const writer = new ArchiveWriter(req.out, { gzip: req.gzip, mtime: now });
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction('REPEATABLE READ');
      const m = qr.manager;
      // Read-only, timestamps in the rows' JSON in UTC whatever the server's zone.
      const council = await this.records.openSnapshot(req.scope, m);
      const heads = await body(m, writer);
      const counts: Record<string, number> = {};
      for (const f of writer.written)
        if (f.records !== undefined) counts[f.path.replace(/\.ndjson$/, '')] = f.records;
      counts['documents/files'] = writer.written.filter((f) =>
        f.path.startsWith('documents/files/'),
      ).length;
      const manifest = await writer.finish({
        format: EXPORT_FORMAT,
        formatVersion: EXPORT_FORMAT_VERSION,
        kind,
        exportId,
        createdAt: now.toISOString(),
        council,
        person,
        counts,
        ...heads,
      });
      await qr.commitTransaction();
      return manifest;
    } catch (e) {
      await writer.abort(e instanceof Error ? e : new Error(String(e)));
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw e;
    } finally {
      await qr.release();
    }
  }
}
