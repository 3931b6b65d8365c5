import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Authority given by a body or an office to an office, on a named scope, for a period: "the HWBB
 * delegates approval of the BCF plan to the Chair of the HWBB". The audit shows which delegation
 * an act used. Never deleted: a revocation sets `revokedAt`, so acts under it keep their record.
 */
@Entity({ name: 'delegations' })
@Index('IDX_delegations_delegate', ['tenantId', 'delegateOfficeId'])
@Check(
  'CHK_delegations_one_grantor',
  '("delegator_body_id" IS NULL) <> ("delegator_office_id" IS NULL)',
)
export class Delegation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  /** The body that granted it, or null when an office did (exactly one of the two). */
  @Column({ name: 'delegator_body_id', type: 'uuid', nullable: true })
  delegatorBodyId!: string | null;

  @Column({ name: 'delegator_office_id', type: 'uuid', nullable: true })
  delegatorOfficeId!: string | null;

  @Column({ name: 'delegate_office_id', type: 'uuid' })
  delegateOfficeId!: string;

  /** What may be done under it, e.g. "bcf-plan-approval". */
  @Column({ type: 'text' })
  scope!: string;

  /** Where it was granted, e.g. the minute of the meeting. */
  @Column({ type: 'text' })
  reference!: string;

  /** The most that may be committed under it, in pounds; null: no financial limit. */
  @Column({ name: 'amount_limit', type: 'bigint', nullable: true })
  amountLimit!: string | null;

  /** Conditions on acting under it, e.g. JCB consensus, all 3 Cabinet members agreeing. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  conditions!: unknown;

  @Column({ name: 'valid_from', type: 'timestamptz' })
  validFrom!: Date;

  @Column({ name: 'valid_until', type: 'timestamptz', nullable: true })
  validUntil!: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Where it was revoked, e.g. the minute of the meeting. */
  @Column({ name: 'revocation_reference', type: 'text', nullable: true })
  revocationReference!: string | null;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
