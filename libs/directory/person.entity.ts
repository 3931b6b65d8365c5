import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A person who acts in the engine: an officer, a board member, a chief officer. */
@Entity({ name: 'people' })
@Index(['tenantId', 'email'], { unique: true })
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

  /** SHA-256 of the person's API key; the key itself is never stored. */
  @Index({ unique: true })
  @Column({ name: 'api_key_hash', type: 'text', nullable: true })
  apiKeyHash!: string | null;
}
