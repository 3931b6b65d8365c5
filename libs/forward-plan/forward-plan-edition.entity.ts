import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One published edition of a council's forward plan of key decisions (reg 9): the day the officer
 * confirmed it was published, who did, and exactly what it listed (each entry's particulars as
 * published), kept for ever so that the record shows what was in the plan, and since when.
 */
@Entity({ name: 'forward_plan_editions' })
@Index(['tenantId', 'publishedOn'])
export class ForwardPlanEdition {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'published_on', type: 'date' })
  publishedOn!: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  /** Who confirmed the publication (the actor record, as the audit keeps it). */
  @Column({ name: 'published_by', type: 'jsonb' })
  publishedBy!: Record<string, string>;

  /** The entries as published: case, particulars, decision maker, first published on. */
  @Column({ type: 'jsonb' })
  entries!: unknown[];
}
