import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A post with authority of its own, such as "Chief Executive, Southampton City Council". */
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

  /** Who holds the office now; authority follows the office, not the person. */
  @Column({ name: 'holder_person_id', type: 'uuid', nullable: true })
  holderPersonId!: string | null;
}
