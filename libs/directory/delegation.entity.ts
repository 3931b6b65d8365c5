import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Authority given by a body to an office, on a named scope, for a period: "the HWBB delegates
 * approval of the BCF plan to the Chair of the HWBB". The audit shows which delegation an act used.
 */
@Entity({ name: 'delegations' })
export class Delegation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'delegator_body_id', type: 'uuid' })
  delegatorBodyId!: string;

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
}
