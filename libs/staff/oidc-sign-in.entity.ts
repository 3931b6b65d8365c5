import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A sign-in sent to a provider and not yet back: its state, nonce and PKCE verifier, found by the
 * SHA-256 of a random key in the cookie of the browser that started it; used once, ten minutes.
 */
@Entity({ name: 'oidc_sign_ins' })
export class OidcSignIn {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId!: string;

  @Index('IDX_oidc_sign_ins_browser_key', { unique: true })
  @Column({ name: 'browser_key_hash', type: 'text' })
  browserKeyHash!: string;

  @Column({ type: 'text' })
  state!: string;

  @Column({ type: 'text' })
  nonce!: string;

  @Column({ name: 'code_verifier', type: 'text' })
  codeVerifier!: string;

  /** The local page to go to once signed in. */
  @Column({ type: 'text' })
  next!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
