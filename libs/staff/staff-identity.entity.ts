import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A provider's subject linked to a staff account, at the account's first sign-in through it: from
 * then on the subject, not the email, says who signs in. One subject per account and provider.
 */
@Entity({ name: 'staff_identities' })
@Index('IDX_staff_identities_subject', ['providerId', 'subject'], { unique: true })
@Index('IDX_staff_identities_account', ['accountId', 'providerId'], { unique: true })
export class StaffIdentity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt!: Date;
}
