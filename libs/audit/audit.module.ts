import { Module } from '@nestjs/common';
import { AuditCheckpointRepository } from './audit-checkpoint.repository';
import { AuditRedactionRepository } from './audit-redaction.repository';
import { AuditRepository } from './audit.repository';
import { CertificateRepository } from './certificate.repository';
import { DataExportsRepository } from './data-exports.repository';
import { ResponseEvidenceRepository } from './response-evidence.repository';

/** The audit record's repositories: each holds all the SQL of its tables (issue #14). */
export const AUDIT_REPOSITORIES = [
  AuditCheckpointRepository,
  AuditRedactionRepository,
  AuditRepository,
  CertificateRepository,
  DataExportsRepository,
  ResponseEvidenceRepository,
];

/** The audit record's repositories, provided once and injected wherever they are used. */
@Module({ providers: AUDIT_REPOSITORIES, exports: AUDIT_REPOSITORIES })
export class AuditModule {}
