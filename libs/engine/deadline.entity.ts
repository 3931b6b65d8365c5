import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type DeadlineKind = 'deadline' | 'reminder';
/** `suspended`: held by a paused case (ADR 0012); resuming moves it and makes it pending again. */
export type DeadlineStatus = 'pending' | 'fired' | 'cancelled' | 'stale' | 'suspended';

/**
 * A durable timer. xstate's `after` lives in memory and dies with the process, so deadlines and
 * reminders are rows the worker claims when `due_at` passes and turns into ordinary events.
 */
@Entity({ name: 'deadlines' })
@Index('deadlines_due_idx', ['status', 'dueAt'])
@Index(['caseId', 'key', 'status'])
export class Deadline {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The workflow's name for it, e.g. "submission"; a cancel names the key. */
  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  kind!: DeadlineKind;

  /** The event sent to the case when it fires. */
  @Column({ type: 'jsonb' })
  event!: unknown;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt!: Date;

  @Column({ type: 'text' })
  status!: DeadlineStatus;

  /** The case version that armed it, for the record. */
  @Column({ name: 'armed_at_version', type: 'integer' })
  armedAtVersion!: number;

  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt!: Date | null;
}
