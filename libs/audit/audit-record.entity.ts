import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One link of a case's hash chain: hash = sha256(previous hash + canonical JSON of the record).
 * The database refuses UPDATE, DELETE and TRUNCATE on this table (see the migration's triggers).
 */
@Entity({ name: 'audit_records' })
@Index(['caseId', 'seq'], { unique: true })
@Index('IDX_audit_records_tenant_txid', ['tenantId', 'txid', 'id'])
export class AuditRecord {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  /** Who acted: a person (id, name) or the system (which job). */
  @Column({ type: 'jsonb' })
  actor!: unknown;

  /** The office or delegation the actor acted under. */
  @Column({ type: 'jsonb' })
  authority!: unknown;

  @Column({ type: 'jsonb' })
  event!: unknown;

  @Column({ name: 'from_state', type: 'text', nullable: true })
  fromState!: string | null;

  @Column({ name: 'to_state', type: 'text' })
  toState!: string;

  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;

  /**
   * The transaction that wrote it (not part of the hash): webhooks read records after a mark of
   * (txid, id), and only of transactions already over (migration 1796370580878).
   */
  @Column({ type: 'bigint', default: () => 'current_txid()', select: false })
  txid!: string;
}
