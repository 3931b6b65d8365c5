import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { HoldingKind } from '../governance/office-holdings.service';

/**
 * A person's holding of an office for a period: substantive (appointed to it) or acting (standing
 * in). Authority follows the office: on any day its holder is the acting one if there is one,
 * else the substantive one. Days are London dates, both ends held.
 */
@Entity({ name: 'office_holders' })
@Index('IDX_office_holders_office', ['tenantId', 'officeId', 'heldFrom'])
@Index('IDX_office_holders_person', ['tenantId', 'personId'])
export class OfficeHolder {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'office_id', type: 'uuid' })
  officeId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ name: 'held_from', type: 'date' })
  heldFrom!: string;

  /** The last day held; null: held still. */
  @Column({ name: 'held_until', type: 'date', nullable: true })
  heldUntil!: string | null;

  @Column({ type: 'text' })
  kind!: HoldingKind;

  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}
