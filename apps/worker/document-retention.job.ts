import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DocumentRetentionUseCase } from '../../libs/documents/document-retention.use-case';
import { IntervalJob } from './interval.job';

/**
 * Once a day: counts, per council, the documents past their retention schedule and logs it.
 * It disposes of nothing: disposal is an administrator's confirmed act (/admin/retention/due).
 */
@Injectable()
export class DocumentRetentionJob extends IntervalJob {
  protected readonly name = 'document-retention';

  constructor(
    registry: SchedulerRegistry,
    private readonly retention: DocumentRetentionUseCase,
  ) {
    super(registry, 24 * 3600_000);
  }

  protected async run() {
    const counts = await this.retention.dueCounts();
    return { councilsWithDocumentsDue: counts.length, due: counts.reduce((n, c) => n + c.due, 0) };
  }
}
