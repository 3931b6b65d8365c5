import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbound webhooks (issue #18): a council's subscriptions (address, events, signing secrets: the
 * previous one kept while it is rotated), the deliveries owed (one per subscription and source
 * fact, so a fact is never queued twice; its id is the webhook-id receivers deduplicate on) and
 * the log of every attempt with the receiver's status.
 */
export class AddWebhooks1796369825855 implements MigrationInterface {
  name = 'AddWebhooks1796369825855';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "webhook_subscriptions" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "url" text NOT NULL,
      "events" text array NOT NULL,
      "secret" text NOT NULL,
      "previous_secret" text,
      "previous_secret_until" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "disabled_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_webhook_subscriptions" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "webhook_deliveries" (
      "id" text NOT NULL,
      "tenant_id" uuid NOT NULL,
      "subscription_id" uuid NOT NULL,
      "source_key" text NOT NULL,
      "event_type" text NOT NULL,
      "payload" jsonb NOT NULL,
      "status" text NOT NULL,
      "attempts" integer NOT NULL DEFAULT 0,
      "available_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "delivered_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY ("id"),
      CONSTRAINT "UQ_webhook_deliveries_source" UNIQUE ("subscription_id", "source_key"))`);
    await q.query(
      'CREATE INDEX "IDX_webhook_deliveries_due" ON "webhook_deliveries" ("status", "available_at")',
    );
    await q.query(`CREATE TABLE "webhook_attempts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "delivery_id" text NOT NULL,
      "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "response_status" integer,
      "error" text,
      CONSTRAINT "PK_webhook_attempts" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE INDEX "IDX_webhook_attempts_delivery" ON "webhook_attempts" ("delivery_id")',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE "webhook_attempts"');
    await q.query('DROP TABLE "webhook_deliveries"');
    await q.query('DROP TABLE "webhook_subscriptions"');
  }
}
