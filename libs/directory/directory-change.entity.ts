import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to a tenant's directory (an organisation, person, office holder, body, membership,
 * delegation or API key created, changed, ended or revoked), as a link of the tenant's hash chain:
 * hash = sha256(previous hash + canonical JSON of the change). The database refuses UPDATE,
 * DELETE and TRUNCATE on this table; the tenant row keeps the chain's head and length.
 */
@Entity({ name: 'directory_changes' })
@Index('IDX_directory_changes_tenant_seq', ['tenantId', 'seq'], { unique: true })
export class DirectoryChange {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** Who changed it: a person (id, name) or the system (which tool). */
  @Column({ type: 'jsonb' })
  actor!: unknown;

  /** What kind of record: organisation, person, office, officeHolder, body, membership, ... */
  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  /** created, changed, ended, revoked, ... */
  @Column({ type: 'text' })
  action!: string;

  /** The record as it was (null when created) and as it is now (null when removed). */
  @Column({ type: 'jsonb', nullable: true })
  before!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after!: unknown;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;
}
