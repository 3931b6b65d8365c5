import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DocumentRetentionUseCase } from '../../libs/documents/document-retention.use-case';
import { IntervalJob } from './interval.job';

/** Once a day: disposes of documents past the retention schedule (libs/documents). */
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
    return { disposed: await this.retention.disposeDue() };
  }
}
