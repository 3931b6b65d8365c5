import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A person away from the office from a first to a last day (London dates, both included), with the
 * deputy who covers for them and the delegation that lets the deputy act (docs/adr/0033). While it
 * runs, the requests of the person's open cases go to the deputy. Never deleted: a cancellation
 * sets `cancelledAt`, and every change is on the directory's record of changes.
 */
@Entity({ name: 'absences' })
@Index('IDX_absences_person', ['tenantId', 'personId', 'firstDay'])
@Index('IDX_absences_deputy', ['tenantId', 'deputyPersonId', 'firstDay'])
@Check('CHK_absences_days', '"last_day" >= "first_day"')
@Check('CHK_absences_deputy', '"deputy_person_id" <> "person_id"')
export class Absence {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_absences' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** The person away. */
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'deputy_person_id', type: 'uuid' })
  deputyPersonId!: string;

  /** The delegation in force for the whole absence to an office the deputy holds. */
  @Column({ name: 'delegation_id', type: 'uuid' })
  delegationId!: string;

  @Column({ name: 'first_day', type: 'date' })
  firstDay!: string;

  @Column({ name: 'last_day', type: 'date' })
  lastDay!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'cancelled_by', type: 'uuid', nullable: true })
  cancelledBy!: string | null;

  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  /** When the open requests of the person's cases were handed to the deputy (on the first day). */
  @Column({ name: 'covered_at', type: 'timestamptz', nullable: true })
  coveredAt!: Date | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
