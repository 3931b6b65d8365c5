import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** How the person answering a link proved who they are (docs/adr/0016). */
export type StepUpMethod = 'organisation-sign-in' | 'emailed-code';

/**
 * One attempt to prove who answers a link before the answer is recorded: a sign-in sent to the
 * person's organisation's provider (its state, nonce and PKCE verifier, found by the SHA-256 of a
 * key in the cookie of the browser that started it), or a one-time code emailed to the person
 * (kept as an HMAC under the link secret, never as itself). Once proven (`verified_at`), it lets
 * that browser answer that link once (`answered_at`), for half an hour.
 */
@Entity({ name: 'link_step_ups' })
@Index('IDX_link_step_ups_link', ['linkId', 'createdAt'])
export class LinkStepUp {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId!: string;

  @Column({ type: 'text' })
  method!: StepUpMethod;

  /** The browser that started the sign-in, or that typed the code right. */
  @Column({ name: 'browser_key_hash', type: 'text', nullable: true })
  browserKeyHash!: string | null;

  @Column({ name: 'provider_id', type: 'uuid', nullable: true })
  providerId!: string | null;

  @Column({ type: 'text', nullable: true })
  state!: string | null;

  @Column({ type: 'text', nullable: true })
  nonce!: string | null;

  @Column({ name: 'code_verifier', type: 'text', nullable: true })
  codeVerifier!: string | null;

  /** HMAC-SHA256 of the emailed code under the link secret. */
  @Column({ name: 'code_hash', type: 'text', nullable: true })
  codeHash!: string | null;

  /** Wrong codes typed against this one: at five it is void. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Where the code was sent: the person's email as the directory had it. */
  @Column({ name: 'sent_to', type: 'text', nullable: true })
  sentTo!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** The sign-in or the code can be finished until then. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** The callback was taken, or the code typed right: never again. */
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'verified_at', type: 'timestamptz', nullable: true })
  verifiedAt!: Date | null;

  /** The email the provider signed in, as it said it. */
  @Column({ name: 'verified_email', type: 'text', nullable: true })
  verifiedEmail!: string | null;

  /** The answer this proof let through. */
  @Column({ name: 'answered_at', type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;
}
