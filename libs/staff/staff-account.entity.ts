import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type StaffRole = 'officer' | 'governance_lead' | 'administrator';

/**
 * A local sign-in for a member of staff. Another sign-in route (OpenID Connect, e.g. Microsoft
 * Entra ID) would create sessions for the same accounts without touching the pages.
 */
@Entity({ name: 'staff_accounts' })
export class StaffAccount {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Index({ unique: true })
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'text' })
  role!: StaffRole;

  /** argon2id; null for an account that signs in only through an identity provider. */
  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
