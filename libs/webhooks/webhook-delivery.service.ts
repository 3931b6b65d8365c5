import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { acrossCouncils } from '../core/across-councils';
import { Clock } from '../core/clock.service';
import { forEachCouncilWithWork } from '../core/tenant-context.service';
import { WebhookFanOutService } from './webhook-fan-out.service';
import { webhookHeaders } from './webhook-signature.service';
import { WebhookRepository, type DueDelivery } from './webhook.repository';
import { tenantScope, type TenantScope } from '../core/tenant-scope';

/** After this many attempts a delivery is given up (about a day and a half of backoff). */
export const WEBHOOK_MAX_ATTEMPTS = 12;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;

/** Exponential backoff: 10 s, 20 s, 40 s… capped at 4 hours. */
export function webhookBackoffMs(attempts: number): number {
  return Math.min(10_000 * 2 ** (attempts - 1), 4 * 60 * 60_000);
}

/**
 * Carries webhooks out of the database after the case's transaction committed: queues a delivery
 * per subscription for each new case fact (the audit chain is the outbox), then sends the due ones
 * signed as Standard Webhooks says. A delivery keeps its id on every retry (webhook-id), so a
 * receiver that saw it already ignores it: delivered once in effect, even if a worker died after
 * sending and before recording. Nothing here runs inside a case's transaction: a receiver that is
 * down or slow never holds a case up.
 */
@Injectable()
export class WebhookDeliveryService {
  /** How long a receiver has to answer (10 seconds); a test of a slow receiver shortens it. */
  timeoutMs = TIMEOUT_MS;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly repo: WebhookRepository,
    private readonly fanOutService: WebhookFanOutService,
  ) {}

  /**
   * Fans out, then sends what is due; returns the deliveries attempted. The councils with a
   * delivery due are found across councils; each council's are claimed and sent bound to it.
   */
  async deliverDue(max = 50): Promise<number> {
    await this.fanOutService.fanOut();
    let attempted = 0;
    await forEachCouncilWithWork(
      () =>
        this.repo.councilsWithDeliveriesDue(
          acrossCouncils('sweep'),
          this.ds.manager,
          this.clock.now(),
        ),
      async (tenantId) => {
        for (; attempted < max; attempted++) {
          const now = this.clock.now();
          const lease = new Date(now.getTime() + LEASE_MS);
          const d = await this.repo.claim(tenantScope(tenantId), this.ds.manager, now, lease);
          if (!d) break;
          await this.send(tenantScope(tenantId), d);
        }
      },
    );
    return attempted;
  }

  private async send(scope: TenantScope, d: DueDelivery): Promise<void> {
    const body = JSON.stringify(d.payload);
    const at = this.clock.now();
    // The signature's timestamp is the wall clock's, not the engine's: receivers refuse a
    // webhook-timestamp far from their own time (replay protection), whatever day the engine keeps.
    const headers = webhookHeaders(d.secrets, d.id, Math.floor(Date.now() / 1000), body);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = res.status;
      await res.body?.cancel();
      if (status < 200 || status >= 300) error = `the receiver answered ${status}`;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      error =
        (e as Error).name === 'TimeoutError'
          ? `no answer within ${this.timeoutMs / 1000} seconds`
          : `could not connect${cause ? ` (${cause})` : ''}`;
    }
    const failed = error !== null && d.attempts >= WEBHOOK_MAX_ATTEMPTS;
    await this.repo.settle(scope, this.ds.manager, d, {
      at,
      status,
      error,
      failed,
      next: error && !failed ? new Date(at.getTime() + webhookBackoffMs(d.attempts)) : null,
    });
  }
}
