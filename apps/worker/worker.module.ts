import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { DocumentRetentionUseCase } from '../../libs/documents/document-retention.use-case';
import { DocumentSettings } from '../../libs/documents/document-settings.service';
import { DocumentStore } from '../../libs/documents/document-store.repository';
import { DeadlineSweepJob } from './deadline-sweep.job';
import { DocumentRetentionJob } from './document-retention.job';
import { OutboxDeliveryJob } from './outbox-delivery.job';

/** Background work: deadline sweep, outbox delivery and document retention. No controllers. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [
    DeadlineSweepJob,
    OutboxDeliveryJob,
    DocumentRetentionJob,
    DocumentRetentionUseCase,
    DocumentStore,
    DocumentSettings,
  ],
})
export class WorkerModule {}
