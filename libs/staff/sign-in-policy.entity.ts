import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who may sign in with a local password: everyone, administrators only (to mend single sign-on), or nobody. */
export type LocalPasswords = 'everyone' | 'administrators' | 'nobody';

/** A tenant's sign-in policy; a tenant without a row lets everyone use a password. */
@Entity({ name: 'sign_in_policies' })
export class SignInPolicy {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'local_passwords', type: 'text', default: 'everyone' })
  localPasswords!: LocalPasswords;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy!: string | null;
}
