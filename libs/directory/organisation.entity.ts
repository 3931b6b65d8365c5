import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * What kind of partner an organisation is. Clinical Commissioning Groups were abolished on
 * 1 July 2022 (Health and Care Act 2022), their duties passing to Integrated Care Boards: `ccg`
 * stays so that the organisations of older cases still read as they were, but no new one is made.
 */
export type OrganisationKind =
  | 'local_authority'
  | 'icb'
  | 'nhs_trust'
  | 'nhs_region'
  | 'healthwatch'
  | 'voluntary_sector'
  | 'other'
  | 'ccg';

/** A partner organisation: the council, the ICB, an NHS trust, Healthwatch, the regional NHS team. */
@Entity({ name: 'organisations' })
@Index(['tenantId', 'name'], { unique: true })
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: OrganisationKind;

  /** The first and last days the organisation is a partner; null: since before / still. */
  @Column({ name: 'active_from', type: 'date', nullable: true })
  activeFrom!: string | null;

  @Column({ name: 'active_until', type: 'date', nullable: true })
  activeUntil!: string | null;

  /** Checked by every change, so that a second administrator's edit never overwrites the first's. */
  @Column({ type: 'integer', default: 1 })
  version!: number;
}

/** Each kind in words, for lists and forms. */
export const ORGANISATION_KIND_NAMES: Record<OrganisationKind, string> = {
  local_authority: 'Local authority',
  icb: 'Integrated Care Board',
  nhs_trust: 'NHS trust',
  nhs_region: 'NHS England region',
  healthwatch: 'Healthwatch',
  voluntary_sector: 'Voluntary sector',
  other: 'Other',
  ccg: 'Clinical Commissioning Group (abolished 1 July 2022)',
};
