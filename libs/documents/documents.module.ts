import { Module } from '@nestjs/common';
import { DocumentFactsRepository } from './document-facts.repository';
import { DocumentRetentionRepository } from './document-retention.repository';
import { DocumentVersionsRepository } from './document-versions.repository';
import { RetentionCouncilsRepository } from './retention-councils.repository';
import { RetentionScheduleRepository } from './retention-schedule.repository';

/** The documents' repositories that the API and the worker both use (issue #14). */
export const DOCUMENT_REPOSITORIES = [
  DocumentFactsRepository,
  DocumentRetentionRepository,
  DocumentVersionsRepository,
  RetentionScheduleRepository,
  RetentionCouncilsRepository,
];

/** Those repositories, provided once for the API and the worker, which both import it. */
@Module({ providers: DOCUMENT_REPOSITORIES, exports: DOCUMENT_REPOSITORIES })
export class DocumentsModule {}
