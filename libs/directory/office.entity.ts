import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A post with authority of its own, such as "Chief Executive, Southampton City Council". Who holds
 * it on a day is in its history (office-holder.entity.ts); authority follows the office, not the person.
 */
@Entity({ name: 'offices' })
@Index(['tenantId', 'title'], { unique: true })
export class Office {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @Column({ type: 'integer', default: 1 })
  version!: number;
}
