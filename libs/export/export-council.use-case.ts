import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import type { TenantScope } from '../core/tenant-scope';
import { DirectoryChangeRepository } from '../directory/directory-change.repository';
import { DocumentStore } from '../documents/document-store.repository';
import { DecisionRegisterService } from '../register/decision-register.service';
import type { ArchiveWriter } from './archive-writer.service';
import { COUNCIL_TABLES, EXPORT_FILES } from './export-files';
import type { ExportManifest } from './export-manifest';
import { ExportRecordsRepository } from './export-records.repository';
import { ExportRunner, type ExportRequest } from './export-runner.service';

/**
 * A council's records as one archive (docs/export-format.md): the council, its cases with their
 * events, requests, link views, deadlines and emails, every case's audit chain and head, every
 * document version with its content, meetings, the directory with its record of changes, and the
 * register of decisions. For leaving the product, Freedom of Information, or keeping a copy.
 */
@Injectable()
export class ExportCouncilUseCase {
  private readonly documents: DocumentStore;

  constructor(
    ds: DataSource,
    private readonly register: DecisionRegisterService,
    private readonly runner: ExportRunner,
    private readonly records: ExportRecordsRepository,
    private readonly audit: AuditRepository,
    private readonly changes: DirectoryChangeRepository,
  ) {
    this.documents = new DocumentStore(ds);
  }

  run(req: ExportRequest): Promise<ExportManifest> {
    return this.runner.run(req, 'council', null, (m, w) => this.write(req.scope, m, w));
  }

  private async write(
    scope: TenantScope,
    m: EntityManager,
    w: ArchiveWriter,
  ): Promise<Pick<ExportManifest, 'auditHeads' | 'directoryChanges'>> {
    await w.records(EXPORT_FILES.council, await this.records.councilRow(scope, m));
    const auditHeads = await this.records.caseHeads(scope, m);
    for (const t of COUNCIL_TABLES) {
      await w.records(t.path, this.records.rows(scope, m, t));
      if (t.path === EXPORT_FILES.caseEvents)
        await w.records(EXPORT_FILES.auditRecords, this.chains(m, scope, auditHeads));
    }
    await w.records(
      EXPORT_FILES.documents,
      this.records.rows(scope, m, { path: EXPORT_FILES.documents, table: 'documents' }),
    );
    for (const id of await this.records.documentsWithContent(scope, m))
      await w.file(EXPORT_FILES.documentFile(id), this.documents.read(scope, id, m));
    const { changes, head } = await this.changes.chain(scope, m);
    await w.records(EXPORT_FILES.directoryChanges, changes);
    await w.records(EXPORT_FILES.register, await this.register.list(scope.tenantId));
    return { auditHeads, directoryChanges: { count: head.count, head: head.hash } };
  }

  /** Every case's chain in order, case by case (one case's links in memory at a time). */
  private async *chains(
    m: EntityManager,
    scope: TenantScope,
    cases: { caseId: string }[],
  ): AsyncGenerator<unknown> {
    for (const c of cases) yield* await this.audit.chain(scope, m, c.caseId);
  }
}
