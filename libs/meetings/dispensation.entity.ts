import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A dispensation (Localism Act 2011 s33): relief for one person from the bar on discussing or
 * voting on matters in which they have a disclosable pecuniary interest, granted by the authority
 * on a statutory ground, for at most 4 years.
 */
@Entity({ name: 'dispensations' })
@Index(['tenantId', 'personId'])
export class DispensationRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** Who granted it: the authority, its standards committee or the monitoring officer. */
  @Column({ type: 'text' })
  grantor!: string;

  @Column({ type: 'text' })
  ground!: string;

  /** Agenda item ids or subject tags of the matters it covers. */
  @Column({ type: 'text', array: true })
  matters!: string[];

  @Column({ name: 'relieves_from', type: 'text', array: true })
  relievesFrom!: string[];

  @Column({ name: 'granted_on', type: 'date' })
  grantedOn!: string;

  @Column({ name: 'ends_on', type: 'date' })
  endsOn!: string;

  @Column({ name: 'revoked_on', type: 'date', nullable: true })
  revokedOn!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
