import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every event a case accepted, in order: the case's history as it happened. */
@Entity({ name: 'case_events' })
@Index(['caseId', 'seq'], { unique: true })
export class CaseEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  /** The case version this event produced. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  /** The person, or null when the system sent it (a deadline firing). */
  @Column({ name: 'actor_person_id', type: 'uuid', nullable: true })
  actorPersonId!: string | null;

  @Column({ type: 'jsonb' })
  authority!: unknown;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;
}
