import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** An account's authenticator app: its TOTP seed, confirmed once a code from it was typed. */
@Entity({ name: 'staff_second_factors' })
export class StaffSecondFactor {
  @PrimaryColumn({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** Base32 seed. */
  @Column({ type: 'text' })
  secret!: string;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  /** The 30-second step of the last code taken: a code is never taken twice. */
  @Column({ name: 'last_step', type: 'bigint', nullable: true })
  lastStep!: string | null;

  @Column({ type: 'integer', default: 0 })
  failures!: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A recovery code, shown once when made and kept as its SHA-256; each works once. */
@Entity({ name: 'staff_recovery_codes' })
@Index('IDX_staff_recovery_codes_account', ['accountId'])
export class StaffRecoveryCode {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'account_id', type: 'uuid' })
  accountId!: string;

  @Column({ name: 'code_hash', type: 'text' })
  codeHash!: string;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt!: Date | null;
}
