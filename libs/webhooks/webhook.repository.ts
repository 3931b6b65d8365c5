import type { EntityManager } from 'typeorm';
import type { AcrossCouncils } from '../core/across-councils';
import type { TenantScope } from '../core/tenant-scope';

export interface SubscriptionRow {
  id: string;
  url: string;
  events: string[];
  createdAt: string;
  disabledAt: string | null;
}

export interface DueDelivery {
  id: string;
  tenantId: string;
  url: string;
  eventType: string;
  payload: unknown;
  attempts: number;
  secrets: string[];
}

const SUBSCRIPTION = `id, url, events, created_at AS "createdAt", disabled_at AS "disabledAt"`;

/** THE SQL of webhooks: subscriptions, the deliveries owed (claimed with a lease) and their log. */
export class WebhookRepository {
  async create(
    scope: TenantScope,
    m: EntityManager,
    s: { url: string; events: string[]; secret: string; at: Date },
  ): Promise<SubscriptionRow> {
    const [row] = await m.query(
      `INSERT INTO webhook_subscriptions (tenant_id, url, events, secret, created_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING ${SUBSCRIPTION}`,
      [scope.tenantId, s.url, s.events, s.secret, s.at],
    );
    return row as SubscriptionRow;
  }

  list(scope: TenantScope, m: EntityManager): Promise<SubscriptionRow[]> {
    return m.query(
      `SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE tenant_id = $1 ORDER BY created_at, id`,
      [scope.tenantId],
    );
  }

  async find(scope: TenantScope, m: EntityManager, id: string): Promise<SubscriptionRow | null> {
    const [row] = await m.query(
      `SELECT ${SUBSCRIPTION} FROM webhook_subscriptions WHERE tenant_id = $1 AND id = $2`,
      [scope.tenantId, id],
    );
    return (row as SubscriptionRow | undefined) ?? null;
  }

  async disable(scope: TenantScope, m: EntityManager, id: string, at: Date): Promise<void> {
    await m.query(
      `UPDATE webhook_subscriptions SET disabled_at = COALESCE(disabled_at, $3)
        WHERE tenant_id = $1 AND id = $2`,
      [scope.tenantId, id, at],
    );
  }

  /** A new secret; the old one still signs (beside it) until `until`, so receivers can switch. */
  async rotate(scope: TenantScope, m: EntityManager, id: string, secret: string, until: Date) {
    await m.query(
      `UPDATE webhook_subscriptions SET previous_secret = secret, previous_secret_until = $4, secret = $3
        WHERE tenant_id = $1 AND id = $2`,
      [scope.tenantId, id, secret, until],
    );
  }

  /**
   * Queues a delivery for each enabled subscription of the council that chose `eventType` and
   * existed when the fact happened, once per source fact (the unique key makes a second fan-out
   * of the same fact a no-op).
   */
  async enqueue(
    scope: TenantScope,
    m: EntityManager,
    f: {
      eventType: string;
      sourceKey: string;
      payload: unknown;
      happenedAt: Date;
      at: Date;
    },
  ): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO webhook_deliveries
         (id, tenant_id, subscription_id, source_key, event_type, payload, status, available_at, created_at)
       SELECT 'msg_' || replace(gen_random_uuid()::text, '-', ''), s.tenant_id, s.id, $2, $3, $4, 'pending', $5, $5
         FROM webhook_subscriptions s
        WHERE s.tenant_id = $1 AND s.disabled_at IS NULL AND $3 = ANY(s.events)
          AND s.created_at <= $6
       ON CONFLICT (subscription_id, source_key) DO NOTHING RETURNING id`,
      [scope.tenantId, f.sourceKey, f.eventType, JSON.stringify(f.payload), f.at, f.happenedAt],
    );
    return rows.length;
  }

  /** A test event for one subscription, whatever events it chose. */
  async enqueueTest(
    scope: TenantScope,
    m: EntityManager,
    t: { subscriptionId: string; payload: unknown; at: Date },
  ): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO webhook_deliveries
         (id, tenant_id, subscription_id, source_key, event_type, payload, status, available_at, created_at)
       VALUES ('msg_' || replace(gen_random_uuid()::text, '-', ''), $1, $2, 'test:' || gen_random_uuid(),
               'webhook.test', $3, 'pending', $4, $4) RETURNING id`,
      [scope.tenantId, t.subscriptionId, JSON.stringify(t.payload), t.at],
    );
    return rows.length;
  }

  /**
   * The councils with a delivery due, across councils on purpose (their ids only): the delivery
   * job's sweep finds them here and claims each council's deliveries bound to it (ADR 0015).
   */
  async councilsWithDeliveriesDue(
    _sweep: AcrossCouncils<'sweep'>,
    m: EntityManager,
    now: Date,
  ): Promise<string[]> {
    const rows: { tenant_id: string }[] = await m.query(
      `SELECT DISTINCT tenant_id FROM webhook_deliveries WHERE status = 'pending' AND available_at <= $1`,
      [now],
    );
    return rows.map((r) => r.tenant_id);
  }

  /** Claims one due delivery with a lease: a worker that dies holding it leaves it to be claimed again. */
  async claim(
    scope: TenantScope,
    m: EntityManager,
    now: Date,
    leaseUntil: Date,
  ): Promise<DueDelivery | null> {
    const result: unknown = await m.query(
      `WITH c AS (SELECT d.id FROM webhook_deliveries d
                   JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.disabled_at IS NULL
                  WHERE d.tenant_id = $3 AND d.status = 'pending' AND d.available_at <= $1
                  ORDER BY d.available_at, d.id LIMIT 1 FOR UPDATE OF d SKIP LOCKED)
       UPDATE webhook_deliveries d SET available_at = $2, attempts = d.attempts + 1
         FROM c, webhook_subscriptions s
        WHERE d.id = c.id AND s.id = d.subscription_id
       RETURNING d.id, d.tenant_id AS "tenantId", s.url, d.event_type AS "eventType", d.payload, d.attempts,
                 array_remove(ARRAY[s.secret, CASE WHEN s.previous_secret_until > $1 THEN s.previous_secret END], NULL) AS secrets`,
      [now, leaseUntil, scope.tenantId],
    );
    const rows = (
      Array.isArray((result as unknown[])[0]) ? (result as unknown[][])[0] : result
    ) as DueDelivery[];
    return rows[0] ?? null;
  }

  /** Records an attempt at a delivery `claim` returned, in the council the delivery names. */
  async settle(
    scope: TenantScope,
    m: EntityManager,
    d: { id: string },
    outcome: {
      at: Date;
      status: number | null;
      error: string | null;
      next: Date | null;
      failed: boolean;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO webhook_attempts (tenant_id, delivery_id, attempted_at, response_status, error)
       SELECT $1, $2, $3, $4, $5
        WHERE EXISTS (SELECT 1 FROM webhook_deliveries WHERE tenant_id = $1 AND id = $2)`,
      [scope.tenantId, d.id, outcome.at, outcome.status, outcome.error],
    );
    const delivered = outcome.error === null;
    await m.query(
      `UPDATE webhook_deliveries
          SET status = $2, delivered_at = $3, available_at = COALESCE($4, available_at)
        WHERE id = $1 AND tenant_id = $5`,
      [
        d.id,
        delivered ? 'delivered' : outcome.failed ? 'failed' : 'pending',
        delivered ? outcome.at : null,
        outcome.next,
        scope.tenantId,
      ],
    );
  }

  /** The delivery log of a subscription, newest first, each delivery with its attempts. */
  deliveries(scope: TenantScope, m: EntityManager, subscriptionId: string) {
    return m.query(
      `SELECT d.id, d.event_type AS "eventType", d.status, d.attempts, d.created_at AS "createdAt",
              d.delivered_at AS "deliveredAt", d.payload,
              COALESCE((SELECT json_agg(json_build_object('at', a.attempted_at, 'responseStatus', a.response_status,
                                                          'error', a.error) ORDER BY a.attempted_at)
                          FROM webhook_attempts a WHERE a.delivery_id = d.id), '[]') AS attempts_log
         FROM webhook_deliveries d
        WHERE d.tenant_id = $1 AND d.subscription_id = $2
        ORDER BY d.created_at DESC, d.id LIMIT 200`,
      [scope.tenantId, subscriptionId],
    ) as Promise<Record<string, unknown>[]>;
  }
}
