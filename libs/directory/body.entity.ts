import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a body is, for people reading the directory; its rules, not its kind, govern its meetings. */
export type BodyKind =
  'hwbb' | 'jcb' | 'cpb' | 'group' | 'cabinet' | 'council' | 'committee' | 'partnership_board';

/** A board or committee: the Health and Wellbeing Board, the Joint Commissioning Board, Cabinet. */
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

  /**
   * Its quorum, decision, notice, substitution and delegation rules with their sources
   * (libs/governance/body-rules.schema.ts); null: none yet, so it cannot hold meetings or delegate.
   */
  @Column({ type: 'jsonb', nullable: true })
  rules!: unknown;

  /** Bumped by every change: a change sent for an older version is refused, not merged. */
  @Column({ type: 'integer', default: 1 })
  version!: number;
}
