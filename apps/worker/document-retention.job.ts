import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { RetentionDueCountUseCase } from '../../libs/documents/retention-due-count.use-case';
import { IntervalJob } from './interval.job';

/**
 * Once a day: counts, per council, the documents and the cases' personal data past their
 * retention schedule, and logs it.
 * It disposes of nothing: disposal is an administrator's confirmed act (/admin/retention/due).
 */
@Injectable()
export class DocumentRetentionJob extends IntervalJob {
  protected readonly name = 'document-retention';

  constructor(
    registry: SchedulerRegistry,
    private readonly retention: RetentionDueCountUseCase,
  ) {
    super(registry, 24 * 3600_000);
  }

  protected async run() {
    const counts = await this.retention.dueCounts();
    return {
      councilsWithRecordsDue: counts.length,
      due: counts.reduce((n, c) => n + c.documents, 0),
      personalDataDue: counts.reduce((n, c) => n + c.personalData, 0),
    };
  }
}
