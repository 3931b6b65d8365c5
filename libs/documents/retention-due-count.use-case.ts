import { Injectable } from '@nestjs/common';
import { acrossCouncils } from '../core/across-councils';
import { withTenant } from '../core/tenant-context.service';
import { DocumentRetentionUseCase } from './document-retention.use-case';
import { PersonalDataRetentionUseCase } from './personal-data-retention.use-case';
import { RetentionCouncilsRepository } from './retention-councils.repository';

/** One council's records past the schedule: documents, and cases' personal data by kind. */
export interface DueCount {
  tenantId: string;
  documents: number;
  personalData: number;
}

/**
 * What the daily job reports, disposing of nothing: per council, how many documents and how many
 * cases' personal data are due. Under row-level security (ADR 0015) the councils with closed cases
 * are found through the explicit sweep across councils, and each council's due list is read
 * bound to that council alone, exactly as its administrators' page reads it.
 */
@Injectable()
export class RetentionDueCountUseCase {
  constructor(
    private readonly councils: RetentionCouncilsRepository,
    private readonly documents: DocumentRetentionUseCase,
    private readonly personalData: PersonalDataRetentionUseCase,
  ) {}

  async dueCounts(): Promise<DueCount[]> {
    const tenants = await this.councils.withClosedCases(acrossCouncils('sweep'));
    const counts: DueCount[] = [];
    for (const tenantId of tenants) {
      const [documents, personalData] = await withTenant(tenantId, () =>
        Promise.all([this.documents.due(tenantId), this.personalData.due(tenantId)]),
      );
      if (documents.length + personalData.length > 0)
        counts.push({ tenantId, documents: documents.length, personalData: personalData.length });
    }
    return counts;
  }
}
