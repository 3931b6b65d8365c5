import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MembershipRole } from '../governance/membership-terms.service';

export type { MembershipRole };

/** A person's seat on a body for a period, with the partner they represent. */
@Entity({ name: 'memberships' })
@Index(['tenantId', 'bodyId', 'personId', 'validFrom'], { unique: true })
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'body_id', type: 'uuid' })
  bodyId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId!: string | null;

  @Column({ type: 'text' })
  role!: MembershipRole;

  /** The constituency of the body's rules the seat sits for ("council", "ccg"); null: none. */
  @Column({ type: 'text', nullable: true })
  constituency!: string | null;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  /** The last day of the term (inclusive); null: no end set. */
  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil!: string | null;

  /** A non-voting seat neither counts toward the quorum nor shows a hand. */
  @Column({ type: 'boolean', default: true })
  voting!: boolean;

  /** The terms of reference, constitution or minute that appoints the seat; null: not named. */
  @Column({ type: 'text', nullable: true })
  source!: string | null;

  /** Bumped by every change: a change sent for an older version is refused, not merged. */
  @Column({ type: 'integer', default: 1 })
  version!: number;
}
