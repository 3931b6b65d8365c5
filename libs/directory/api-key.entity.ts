import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A person's API key (Authorization: Bearer <key>), stored only as its SHA-256: the key itself is
 * shown once, when it is made. It works until it expires or is revoked, or its person leaves.
 */
@Entity({ name: 'api_keys' })
@Index('IDX_api_keys_person', ['tenantId', 'personId'])
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  /** What it is for, e.g. "Finance system integration". */
  @Column({ type: 'text' })
  name!: string;

  @Index('IDX_api_keys_key_hash', { unique: true })
  @Column({ name: 'key_hash', type: 'text' })
  keyHash!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** Written at most once a minute per key, so that using a key costs no write per request. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
