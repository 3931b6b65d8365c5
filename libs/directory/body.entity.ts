import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type BodyKind = 'hwbb' | 'jcb' | 'cpb' | 'group';

/** A board or committee: the Health and Wellbeing Board, the Joint Commissioning Board. */
@Entity({ name: 'bodies' })
@Index(['tenantId', 'name'], { unique: true })
export class Body {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: BodyKind;
}
