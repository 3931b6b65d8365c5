import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A council's subscription: where to send which events, signed with which secrets. */
@Entity({ name: 'webhook_subscriptions' })
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_subscriptions' })
  id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ type: 'text' }) url!: string;
  @Column({ type: 'text', array: true }) events!: string[];
  @Column({ type: 'text' }) secret!: string;
  @Column({ name: 'previous_secret', type: 'text', nullable: true }) previousSecret!: string | null;
  @Column({ name: 'previous_secret_until', type: 'timestamptz', nullable: true })
  previousSecretUntil!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true }) disabledAt!: Date | null;
}

/** A delivery owed: its id is the webhook-id, the same on every retry. */
@Entity({ name: 'webhook_deliveries' })
@Unique('UQ_webhook_deliveries_source', ['subscriptionId', 'sourceKey'])
@Index('IDX_webhook_deliveries_due', ['status', 'availableAt'])
export class WebhookDelivery {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_webhook_deliveries' })
  id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'subscription_id', type: 'uuid' }) subscriptionId!: string;
  @Column({ name: 'source_key', type: 'text' }) sourceKey!: string;
  @Column({ name: 'event_type', type: 'text' }) eventType!: string;
  @Column({ type: 'jsonb' }) payload!: unknown;
  @Column({ type: 'text' }) status!: 'pending' | 'delivered' | 'failed';
  @Column({ type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'available_at', type: 'timestamptz' }) availableAt!: Date;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
}

/** The log: every attempt with the receiver's HTTP status, or why there was none. */
@Entity({ name: 'webhook_attempts' })
@Index('IDX_webhook_attempts_delivery', ['deliveryId'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_attempts' })
  id!: string;
  @Column({ name: 'tenant_id', type: 'uuid' }) tenantId!: string;
  @Column({ name: 'delivery_id', type: 'text' }) deliveryId!: string;
  @Column({ name: 'attempted_at', type: 'timestamptz' }) attemptedAt!: Date;
  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;
  @Column({ type: 'text', nullable: true }) error!: string | null;
}

/**
 * A council's high-water mark in its audit records: the fan-out has read every record of a
 * transaction up to `txid`, and of that transaction every record up to `audit_id`.
 */
@Entity({ name: 'webhook_cursors' })
export class WebhookCursor {
  @PrimaryColumn({
    name: 'tenant_id',
    type: 'uuid',
    primaryKeyConstraintName: 'PK_webhook_cursors',
  })
  tenantId!: string;
  @Column({ type: 'bigint' }) txid!: string;
  @Column({ name: 'audit_id', type: 'bigint' }) auditId!: string;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
