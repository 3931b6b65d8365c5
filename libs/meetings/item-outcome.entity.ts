import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Consensus bodies reach consensus, defer or refer back; majority bodies carry or lose a motion. */
export type ItemOutcomeKind = 'consensus' | 'deferred' | 'referredBack' | 'carried' | 'lost';

/** What the show of hands on an item decided, with the quorum and tally as they stood then. */
@Entity({ name: 'item_outcomes' })
@Index(['tenantId', 'itemId'], { unique: true })
export class ItemOutcome {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  @Column({ name: 'item_id', type: 'uuid' })
  itemId!: string;

  @Column({ type: 'text' })
  outcome!: ItemOutcomeKind;

  @Column({ type: 'jsonb' })
  tally!: Record<string, number>;

  @Column({ type: 'jsonb' })
  explanation!: string[];

  /** On a tie under a majority rule: the person presiding's casting vote (none otherwise). */
  @Column({ name: 'casting_vote', type: 'jsonb', nullable: true })
  castingVote!: { hand: 'for' | 'against'; presidingPersonId: string; name: string } | null;

  @Column({ name: 'quorum_explanation', type: 'jsonb' })
  quorumExplanation!: string[];

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
