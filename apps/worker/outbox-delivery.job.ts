import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Settings } from '../../libs/config/settings.service';
import { SETTINGS } from '../../libs/engine/engine.module';
import {
  type EmailOutcomes,
  OutboxDeliveryService,
} from '../../libs/notifications/outbox-delivery.service';
import { DeadlinesFirst } from './deadlines-first.service';
import { IntervalJob } from './interval.job';

/**
 * Delivers the emails the engine owes, with retries. While this process's deadline sweep has a
 * backlog it claims no batch, but one at least every WORKER_EMAIL_MAX_DEFER_MS (DeadlinesFirst).
 */
@Injectable()
export class OutboxDeliveryJob extends IntervalJob {
  protected readonly name = 'outbox-delivery';

  constructor(
    registry: SchedulerRegistry,
    @Inject(SETTINGS) settings: Settings,
    private readonly outbox: OutboxDeliveryService,
    private readonly first: DeadlinesFirst,
  ) {
    super(registry, settings.WORKER_INTERVAL_MS);
  }

  /** Deferred whole (not even the look for councils with emails due) while the deadlines go first. */
  protected override heldBack(): boolean {
    return !this.first.emailsMayGo();
  }

  /** What went and what the SMTP server did not take, apart: tries are not sends. */
  protected async run(): Promise<Record<string, number>> {
    const outcomes: EmailOutcomes = { sent: 0, failed: 0 };
    await this.outbox.deliverDue(
      500,
      () => !this.stopping && this.first.takeEmailBatch(),
      outcomes,
    );
    return { ...outcomes };
  }
}
