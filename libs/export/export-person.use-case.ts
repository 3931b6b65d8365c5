import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditRepository } from '../audit/audit.repository';
import { InvalidInputError } from '../errors/domain.errors';
import { EXPORT_FILES, PERSON_TABLES } from './export-files';
import type { ExportManifest } from './export-manifest';
import { ExportRecordsRepository } from './export-records.repository';
import { ExportRunner, type ExportRequest } from './export-runner.service';

/**
 * A subject access export: everything of the council's that names one person, found by their
 * email, in the council export's format (PERSON_TABLES says what and why). Their audit records
 * are the links they made; each is checked alone offline, since the chain around it is not theirs.
 */
@Injectable()
export class ExportPersonUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly runner: ExportRunner,
    private readonly records: ExportRecordsRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** INVALID_INPUT (nothing recorded, nothing written) when nobody in the directory has the email. */
  async run(req: ExportRequest, email: string): Promise<ExportManifest> {
    const asked = email.trim();
    const personIds = asked
      ? await this.records.peopleWithEmail(req.scope, this.ds.manager, asked)
      : [];
    if (personIds.length === 0)
      throw new InvalidInputError(
        `Nobody in your council's directory has the email address ${asked || '(none given)'}: check it is the address the directory holds.`,
        [
          {
            path: 'email',
            message: asked
              ? `Nobody in the directory has the email address ${asked}`
              : 'Enter the email address of the person',
          },
        ],
      );
    const person = { email: asked, personIds };
    return this.runner.run(req, 'person', person, async (m, w) => {
      for (const t of PERSON_TABLES)
        await w.records(t.path, this.records.rows(req.scope, m, t, personIds));
      await w.records(EXPORT_FILES.auditRecords, await this.audit.byActor(req.scope, m, personIds));
      return { auditHeads: [], directoryChanges: null };
    });
  }
}
