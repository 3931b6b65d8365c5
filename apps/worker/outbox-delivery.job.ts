import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Settings } from '../../libs/config/settings.service';
import { SETTINGS } from '../../libs/engine/engine.module';
import { OutboxDeliveryService } from '../../libs/notifications/outbox-delivery.service';
import { IntervalJob } from './interval.job';

/** Delivers the emails the engine owes, with retries. */
@Injectable()
export class OutboxDeliveryJob extends IntervalJob {
  protected readonly name = 'outbox-delivery';

  constructor(
    registry: SchedulerRegistry,
    @Inject(SETTINGS) settings: Settings,
    private readonly outbox: OutboxDeliveryService,
  ) {
    super(registry, settings.WORKER_INTERVAL_MS);
  }

  protected async run() {
    return { sent: await this.outbox.deliverDue() };
  }
}
