import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to a council's retention schedule: how many years after its case closes a kind of
 * document is kept, and why, set by an administrator. The latest per kind is in force; a kind
 * never set keeps the statutory default (retention-schedule.ts). Append-only for the runtime role.
 */
@Entity({ name: 'document_retention_rules' })
export class DocumentRetentionRule {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'keep_years', type: 'integer' })
  keepYears!: number;

  /** The council's reason or authority for its period (its records management policy, a resolution). */
  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'set_by', type: 'uuid' })
  setBy!: string;

  @Column({ name: 'set_at', type: 'timestamptz' })
  setAt!: Date;
}
