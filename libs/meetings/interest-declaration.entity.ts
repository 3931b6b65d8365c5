import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { InterestKind } from '../governance/interests.service';

/** An interest a person declared in an agenda item, with the dispensation they rely on, if any. */
@Entity({ name: 'interest_declarations' })
@Index(['tenantId', 'itemId'])
export class InterestDeclaration {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'text' })
  kind!: InterestKind;

  @Column({ type: 'text' })
  details!: string;

  /** The dispensation (Localism Act 2011 s33) as granted: id, grantor, ground, relief, dates. */
  @Column({ type: 'jsonb', nullable: true })
  dispensation!: Record<string, unknown> | null;

  @Column({ name: 'declared_at', type: 'timestamptz' })
  declaredAt!: Date;
}
