import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A legal hold on one case's personal data (a claim, an inquiry, a subject access request under
 * way): while it is in force retention lists none of the case's personal data as due. Placed and
 * released with a reason, by whom and when, each also recorded on the case's audit chain.
 */
@Entity({ name: 'personal_data_holds' })
@Index('IDX_personal_data_holds_in_force', ['tenantId', 'caseId'], {
  unique: true,
  where: 'released_at IS NULL',
})
export class PersonalDataHold {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_personal_data_holds' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  reason!: string;

  /** The person who placed it. */
  @Column({ name: 'held_by', type: 'uuid' })
  heldBy!: string;

  @Column({ name: 'held_at', type: 'timestamptz' })
  heldAt!: Date;

  @Column({ name: 'released_by', type: 'uuid', nullable: true })
  releasedBy!: string | null;

  @Column({ name: 'released_at', type: 'timestamptz', nullable: true })
  releasedAt!: Date | null;

  @Column({ name: 'release_reason', type: 'text', nullable: true })
  releaseReason!: string | null;
}
