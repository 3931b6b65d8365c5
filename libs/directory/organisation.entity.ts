import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OrganisationKind = 'local_authority' | 'ccg' | 'healthwatch' | 'nhs_region';

/** A partner organisation: the council, the CCG, Healthwatch, the regional NHS team. */
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
}
