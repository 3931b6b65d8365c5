import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { Actor } from '../core/actor.dto';
import { Clock } from '../core/clock.service';
import { SETTINGS, type Settings } from '../config/settings.service';
import { scopeOf } from '../core/tenant-scope';
import { zodProblems } from '../core/zod-problems.service';
import { DirectoryAccess } from '../directory/directory-access.service';
import { DomainError, InvalidInputError } from '../errors/domain.errors';
import { londonDate } from '../governance/working-day-calendar.service';
import { WEBHOOK_EVENT_TYPES } from './webhook-catalogue';
import { WebhookFactsRepository } from './webhook-facts.repository';
import { newWebhookSecret } from './webhook-signature.service';
import { WebhookRepository, type SubscriptionRow } from './webhook.repository';

/** How long the previous secret still signs after a rotation. */
const ROTATION_OVERLAP_MS = 24 * 60 * 60_000;

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A subscription's body. Events travel only over https: a receiver on this machine (localhost) may
 * take http while Ratify runs in development (not production, PUBLIC_ORIGIN not https).
 */
export function subscriptionBody(development: boolean) {
  return z
    .object({
      url: z
        .string({
          message: 'Enter the address to send events to, such as https://example.org/ratify-events',
        })
        .trim()
        .min(1, 'Enter the address to send events to, such as https://example.org/ratify-events')
        .superRefine((u, ctx) => {
          let parsed: URL;
          try {
            parsed = new URL(u);
          } catch {
            ctx.addIssue({
              code: 'custom',
              message: 'Enter a web address, such as https://example.org/ratify-events',
            });
            return;
          }
          if (parsed.protocol === 'https:') return;
          if (development && parsed.protocol === 'http:' && LOCAL_HOSTS.has(parsed.hostname))
            return;
          ctx.addIssue({
            code: 'custom',
            message: development
              ? 'The address must start with https:// (http:// is allowed only for localhost while testing)'
              : 'The address must start with https://: events are signed but not secret, so they travel only encrypted',
          });
        }),
      events: z
        .array(z.enum(WEBHOOK_EVENT_TYPES), {
          message: `Choose at least one event (events is a list chosen from ${WEBHOOK_EVENT_TYPES.join(', ')})`,
        })
        .min(1, 'Choose at least one event'),
    })
    .strict();
}

/** The body as the OpenAPI document describes it (https in production). */
export const newSubscriptionBody = subscriptionBody(false);

/** An administrator keeps the council's webhook subscriptions; the secret is shown once. */
@Injectable()
export class WebhookSubscriptionsUseCase {
  private readonly body: ReturnType<typeof subscriptionBody>;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly access: DirectoryAccess,
    @Inject(SETTINGS) settings: Pick<Settings, 'NODE_ENV' | 'PUBLIC_ORIGIN'>,
    private readonly repo: WebhookRepository,
    private readonly facts: WebhookFactsRepository,
  ) {
    const production =
      settings.NODE_ENV === 'production' || settings.PUBLIC_ORIGIN.startsWith('https:');
    this.body = subscriptionBody(!production);
  }

  private async administrator(actor: Actor) {
    await this.access.administrator(this.ds.manager, actor, londonDate(this.clock.now()));
  }

  private async subscription(actor: Actor, id: string): Promise<SubscriptionRow> {
    const s = /^[0-9a-f-]{36}$/i.test(id)
      ? await this.repo.find(scopeOf(actor), this.ds.manager, id)
      : null;
    if (!s)
      throw new DomainError(
        'DIRECTORY_RECORD_NOT_FOUND',
        'No such webhook subscription',
        'There is no webhook subscription with that id in your council: the list of subscriptions (GET /api/webhooks/subscriptions, or the Webhooks page) shows them.',
      );
    return s;
  }

  async create(input: unknown, actor: Actor): Promise<SubscriptionRow & { secret: string }> {
    await this.administrator(actor);
    const b = this.body.safeParse(input);
    if (!b.success)
      throw new InvalidInputError(
        'The subscription is not valid: fix the fields listed in problems.',
        zodProblems(b.error),
      );
    const secret = newWebhookSecret();
    const at = this.clock.now();
    // The council's high-water mark starts with its first subscription: facts before it are not owed.
    const row = await this.ds.transaction(async (m) => {
      await this.facts.startCursor(scopeOf(actor), m, at);
      return this.repo.create(scopeOf(actor), m, {
        url: b.data.url,
        events: [...new Set(b.data.events)],
        secret,
        at,
      });
    });
    return { ...row, secret };
  }

  async list(actor: Actor): Promise<SubscriptionRow[]> {
    await this.administrator(actor);
    return this.repo.list(scopeOf(actor), this.ds.manager);
  }

  async disable(id: string, actor: Actor): Promise<SubscriptionRow> {
    await this.administrator(actor);
    await this.subscription(actor, id);
    await this.repo.disable(scopeOf(actor), this.ds.manager, id, this.clock.now());
    return this.subscription(actor, id);
  }

  /** A new secret, shown once; the old one signs beside it for 24 hours. */
  async rotate(id: string, actor: Actor): Promise<SubscriptionRow & { secret: string }> {
    await this.administrator(actor);
    await this.subscription(actor, id);
    const secret = newWebhookSecret();
    const until = new Date(this.clock.now().getTime() + ROTATION_OVERLAP_MS);
    await this.repo.rotate(scopeOf(actor), this.ds.manager, id, secret, until);
    return { ...(await this.subscription(actor, id)), secret };
  }

  /** Queues a webhook.test event for this subscription alone (whatever events it chose). */
  async sendTest(id: string, actor: Actor): Promise<{ queued: number }> {
    await this.administrator(actor);
    const s = await this.subscription(actor, id);
    if (s.disabledAt)
      throw new InvalidInputError(
        'This subscription is disabled: nothing is sent to it. Subscribe the address again to test it.',
        [],
      );
    const at = this.clock.now();
    const queued = await this.repo.enqueueTest(scopeOf(actor), this.ds.manager, {
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
    return this.repo.deliveries(scopeOf(actor), this.ds.manager, id);
  }
}
