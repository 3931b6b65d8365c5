import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { DocumentRetentionUseCase } from '../../libs/documents/document-retention.use-case';
import { PersonalDataRetentionUseCase } from '../../libs/documents/personal-data-retention.use-case';
import { RetentionDueCountUseCase } from '../../libs/documents/retention-due-count.use-case';
import { DocumentsModule } from '../../libs/documents/documents.module';
import { DocumentSettings } from '../../libs/documents/document-settings.service';
import { DocumentStore } from '../../libs/documents/document-store.repository';
import { ScheduledHandOverUseCase } from '../../libs/directory/use-cases/scheduled-hand-over.use-case';
import { ScheduledCoverUseCase } from '../../libs/directory/absences/scheduled-cover.use-case';
import type { Settings } from '../../libs/config/settings.service';
import { SETTINGS } from '../../libs/engine/engine.module';
import { DeadlineSweepJob } from './deadline-sweep.job';
import { DeadlinesFirst } from './deadlines-first.service';
import { DocumentRetentionJob } from './document-retention.job';
import { OfficeHandOverJob } from './office-hand-over.job';
import { OutboxDeliveryJob } from './outbox-delivery.job';
import { AuditCheckpointJob } from './audit-checkpoint.job';
import { WebhookDeliveryJob } from './webhook-delivery.job';
import { WebhookDeliveryService } from '../../libs/webhooks/webhook-delivery.service';
import { WebhookFanOutService } from '../../libs/webhooks/webhook-fan-out.service';
import { WebhooksModule } from '../../libs/webhooks/webhooks.module';

/**
 * Background work: deadline sweep, outbox delivery (after the deadlines: DeadlinesFirst), document retention, the hand-over of open
 * requests to office holders appointed ahead and signed audit checkpoints. No controllers.
 */
@Module({
  imports: [ScheduleModule.forRoot(), WebhooksModule, DocumentsModule],
  providers: [
    {
      provide: DeadlinesFirst,
      inject: [SETTINGS],
      useFactory: (s: Settings) => new DeadlinesFirst(s.WORKER_EMAIL_MAX_DEFER_MS),
    },
    DeadlineSweepJob,
    OutboxDeliveryJob,
    DocumentRetentionJob,
    OfficeHandOverJob,
    AuditCheckpointJob,
    WebhookDeliveryJob,
    WebhookDeliveryService,
    WebhookFanOutService,
    ScheduledHandOverUseCase,
    ScheduledCoverUseCase,
    DocumentRetentionUseCase,
    PersonalDataRetentionUseCase,
    RetentionDueCountUseCase,
    DocumentStore,
    DocumentSettings,
  ],
})
export class WorkerModule {}
