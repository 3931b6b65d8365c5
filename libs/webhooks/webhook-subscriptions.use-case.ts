import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { zodProblems } from '../core/zod-problems.service';
import { DirectoryAccess } from '../directory/directory-access.service';
import { DomainError, InvalidInputError } from '../errors/domain.errors';
import { londonDate } from '../governance/working-day-calendar.service';
import { WEBHOOK_EVENTS } from './webhook-catalogue';
import { newWebhookSecret } from './webhook-signature.service';
import { WebhookRepository, type SubscriptionRow } from './webhook.repository';

/** How long the previous secret still signs after a rotation. */
const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;

export const newSubscriptionBody = z
  .object({
    url: z
      .string({ message: 'give url, the address to send events to' })
      .url('url is a web address such as https://example.org/ratify-events')
      .refine((u) => /^https?:\/\//.test(u), 'url starts with https:// (or http:// for testing)'),
    events: z
      .array(z.enum(Object.keys(WEBHOOK_EVENTS) as [string, ...string[]]), {
        message: `events is a list chosen from ${Object.keys(WEBHOOK_EVENTS).join(', ')}`,
      })
      .min(1, 'choose at least one event'),
  })
  .strict();

/** An administrator keeps the council's webhook subscriptions; the secret is shown once. */
@Injectable()
export class WebhookSubscriptionsUseCase {
  private readonly repo = new WebhookRepository();
  private readonly access = new DirectoryAccess();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  private async administrator(actor: Actor) {
    await this.access.administrator(this.ds.manager, actor, londonDate(this.clock.now()));
  }

  private async subscription(actor: Actor, id: string): Promise<SubscriptionRow> {
    const s = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.repo.find(this.ds.manager, actor.tenantId, id)
      : null;
    if (!s)
      throw new DomainError(
        'DIRECTORY_RECORD_NOT_FOUND',
        'No such webhook subscription',
        'There is no webhook subscription with that id in your council: GET /api/webhooks/subscriptions lists them.',
      );
    return s;
  }

  async create(input: unknown, actor: Actor): Promise<SubscriptionRow & { secret: string }> {
    await this.administrator(actor);
    const b = newSubscriptionBody.safeParse(input);
    if (!b.success)
      throw new InvalidInputError(
        'The subscription is not valid: fix the fields listed in problems.',
        zodProblems(b.error),
      );
    const secret = newWebhookSecret();
    const row = await this.repo.create(this.ds.manager, {
      tenantId: actor.tenantId,
      url: b.data.url,
      events: [...new Set(b.data.events)],
      secret,
      at: this.clock.now(),
    });
    return { ...row, secret };
  }

  async list(actor: Actor): Promise<SubscriptionRow[]> {
    await this.administrator(actor);
    return this.repo.list(this.ds.manager, actor.tenantId);
  }

  async disable(id: string, actor: Actor): Promise<SubscriptionRow> {
    await this.administrator(actor);
    await this.subscription(actor, id);
    await this.repo.disable(this.ds.manager, actor.tenantId, id, this.clock.now());
    return this.subscription(actor, id);
  }

  /** A new secret, shown once; the old one signs beside it for 24 hours. */
  async rotate(id: string, actor: Actor): Promise<SubscriptionRow & { secret: string }> {
    await this.administrator(actor);
    await this.subscription(actor, id);
    const secret = newWebhookSecret();
    const until = new Date(this.clock.now().getTime() + ROTATION_OVERLAP_MS);
    await this.repo.rotate(this.ds.manager, actor.tenantId, id, secret, until);
    return { ...(await this.subscription(actor, id)), secret };
  }

  /** Queues a webhook.test event for this subscription alone (whatever events it chose). */
  async sendTest(id: string, actor: Actor): Promise<{ queued: number }> {
    await this.administrator(actor);
    const s = await this.subscription(actor, id);
    const at = this.clock.now();
    const queued = await this.repo.enqueueTest(this.ds.manager, {
      tenantId: actor.tenantId,
      subscriptionId: s.id,
      at,
      payload: {
        type: 'webhook.test',
        timestamp: at.toISOString(),
        data: { subscriptionId: s.id },
      },
    });
    return { queued };
  }

  async deliveries(id: string, actor: Actor) {
    await this.administrator(actor);
    await this.subscription(actor, id);
    return this.repo.deliveries(this.ds.manager, actor.tenantId, id);
  }
}
