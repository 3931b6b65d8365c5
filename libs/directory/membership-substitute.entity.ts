import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A named substitute for a seat, as the partners agreed in the body's substitution scheme (the
 * JCB's, ToR 7.1): who may sit in the seat while its member is away, from and until when (both
 * days included), and where it was agreed.
 */
@Entity({ name: 'membership_substitutes' })
@Index('IDX_membership_substitutes_seat', ['tenantId', 'membershipId'])
export class MembershipSubstitute {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'membership_id', type: 'uuid' })
  membershipId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** The last day named; null: no end set. */
  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil!: string | null;

  /** Where the partners agreed it, e.g. the minute of the inaugural meeting. */
  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
