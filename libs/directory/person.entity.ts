import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A person who acts in the engine: an officer, a board member, a chief officer. */
@Entity({ name: 'people' })
// Unique on (tenant_id, lower(email)): an expression its migration creates and TypeORM cannot express.
@Index('IDX_people_tenant_email', { synchronize: false })
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  email!: string;

  /** Democratic support officers run cases: open them, record submissions, outcomes and meetings. */
  @Column({ name: 'is_officer', type: 'boolean', default: false })
  isOfficer!: boolean;

  /** A councillor: quorum and eligibility rules that need elected members count this, not the organisation. */
  @Column({ name: 'is_elected_member', type: 'boolean', default: false })
  isElectedMember!: boolean;

  /** The day the person left; from that day they act in nothing. Null: still with the council. */
  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
