import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type EffectStatus = 'pending' | 'done' | 'failed';

/**
 * Something the engine owes the outside world (an email), written in the same transaction as the
 * state change that caused it and carried out afterwards by the worker, with retries.
 */
@Entity({ name: 'effects' })
@Index('effects_pending_idx', ['status', 'availableAt'])
@Index('IDX_effects_case_status', ['caseId', 'status'])
export class Effect {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ type: 'text' })
  status!: EffectStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Not before this time: backoff after a failure, or a lease while a worker carries it out. */
  @Column({ name: 'available_at', type: 'timestamptz' })
  availableAt!: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'done_at', type: 'timestamptz', nullable: true })
  doneAt!: Date | null;
}
