import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Hand } from '../governance/consensus.service';

/** One member's hand on an agenda item's show of hands: for, against or abstain. */
@Entity({ name: 'votes' })
@Index(['tenantId', 'itemId', 'personId'], { unique: true })
export class Vote {
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
  hand!: Hand;
}
