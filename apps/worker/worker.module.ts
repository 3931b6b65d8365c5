import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { DeadlineSweepJob } from './deadline-sweep.job';
import { OutboxDeliveryJob } from './outbox-delivery.job';

/** Background work: deadline sweep and outbox delivery. No controllers. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [DeadlineSweepJob, OutboxDeliveryJob],
})
export class WorkerModule {}
