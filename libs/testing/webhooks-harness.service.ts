import type { DataSource } from 'typeorm';
import type { Clock } from '../core/clock.service';
import { WebhookDeliveryService } from '../webhooks/webhook-delivery.service';
import { WebhookFactsRepository } from '../webhooks/webhook-facts.repository';
import { WebhookFanOutService } from '../webhooks/webhook-fan-out.service';
import { WebhookRepository } from '../webhooks/webhook.repository';

/** The webhooks' fan-out wired by hand with its repositories, as Nest wires it (WorkerModule). */
export function webhookFanOutService(ds: DataSource, clock: Clock): WebhookFanOutService {
  return new WebhookFanOutService(ds, clock, new WebhookFactsRepository(), new WebhookRepository());
}

/** The webhooks' delivery (fan-out, then send) wired by hand, as the worker's is. */
export function webhookDeliveryService(ds: DataSource, clock: Clock): WebhookDeliveryService {
  return new WebhookDeliveryService(
    ds,
    clock,
    new WebhookRepository(),
    webhookFanOutService(ds, clock),
  );
}
