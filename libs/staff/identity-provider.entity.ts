import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An organisation's OpenID Connect provider (Microsoft Entra ID, say), as its council's
 * administrators keep it. The client secret is not stored: `clientSecretSetting` names the
 * environment variable that holds it (OIDC_…), and pages show only that name.
 */
@Entity({ name: 'identity_providers' })
@Index('IDX_identity_providers_organisation', ['tenantId', 'organisationId'], { unique: true })
export class IdentityProvider {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  /** What the sign-in button says: "Sign in with <name>". */
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  issuer!: string;

  @Column({ name: 'client_id', type: 'text' })
  clientId!: string;

  @Column({ name: 'client_secret_setting', type: 'text' })
  clientSecretSetting!: string;

  /** The email domains it speaks for: an email outside them is never matched to an account. */
  @Column({ name: 'email_domains', type: 'jsonb', default: () => "'[]'" })
  emailDomains!: string[];

  /** The claim that says the email is verified (email_verified; xms_edov for Entra ID). */
  @Column({ name: 'verified_email_claim', type: 'text', default: 'email_verified' })
  verifiedEmailClaim!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
