import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A signed checkpoint of a council's audit chains: each case's record count and head (the leaves),
 * their RFC 6962 Merkle root and its Ed25519 signature. Append-only for the runtime role; the key
 * that signs is never in the database.
 */
@Entity({ name: 'audit_checkpoints' })
@Index(['tenantId', 'madeAt'])
export class AuditCheckpoint {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'made_at', type: 'timestamptz' })
  madeAt!: Date;

  @Column({ name: 'tree_size', type: 'integer' })
  treeSize!: number;

  @Column({ name: 'root_hash', type: 'text' })
  rootHash!: string;

  @Column({ type: 'text' })
  signature!: string;

  @Column({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  /** [{ caseId, records, head }] in case id order. */
  @Column({ type: 'jsonb' })
  leaves!: unknown;
}
