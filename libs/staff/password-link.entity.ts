import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A one-time link to set a staff account's password. The link's token is kept only as its
 * SHA-256; the link works once, before `expiresAt`, and a newer link for the account voids it.
 */
@Entity({ name: 'password_links' })
@Index('IDX_password_links_account', ['accountId'])
export class PasswordLink {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Index('IDX_password_links_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  /** 'set': a first password (tenant:create); 'reset': a forgotten one, asked for at sign-in. */
  @Column({ type: 'text', default: 'set' })
  purpose!: 'set' | 'reset';
}
