import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A signed-in browser. The cookie holds a random token; only its SHA-256 is stored. */
@Entity({ name: 'staff_sessions' })
@Index(['accountId'])
export class StaffSession {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Index({ unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash!: string;

  /** Every form of the session carries this token (synchronizer-token CSRF protection). */
  @Column({ name: 'csrf_token', type: 'text' })
  csrfToken!: string;

  /** How the person signed in: "password", or "oidc:<identity provider id>". */
  @Column({ type: 'text' })
  method!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  /** The browser's User-Agent when it signed in, so that the person can recognise the session. */
  @Column({ name: 'user_agent', type: 'text', nullable: true })
  userAgent!: string | null;

  /** Signed in with a password, still owing the authenticator's code: it opens no page but that one. */
  @Column({ name: 'second_factor_pending', type: 'boolean', default: false })
  secondFactorPending!: boolean;

  /** When the session last opened a page, to the minute. */
  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;
}
