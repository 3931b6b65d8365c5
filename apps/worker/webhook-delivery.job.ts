import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Settings } from '../../libs/config/settings.service';
import { SETTINGS } from '../../libs/engine/engine.module';
import { WebhookDeliveryService } from '../../libs/webhooks/webhook-delivery.service';
import { IntervalJob } from './interval.job';

/** Queues webhooks for new case facts and delivers the due ones, with retries and backoff. */
@Injectable()
export class WebhookDeliveryJob extends IntervalJob {
  protected readonly name = 'webhook-delivery';

  constructor(
    registry: SchedulerRegistry,
    @Inject(SETTINGS) settings: Settings,
    private readonly webhooks: WebhookDeliveryService,
  ) {
    super(registry, settings.WORKER_INTERVAL_MS);
  }

  protected async run() {
    return { attempted: await this.webhooks.deliverDue() };
  }
}
