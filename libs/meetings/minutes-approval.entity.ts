import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A meeting approved an earlier meeting's minutes as a correct record, with its amendments. */
@Entity({ name: 'minutes_approvals' })
@Index(['tenantId', 'previousMeetingId'], { unique: true })
export class MinutesApproval {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  @Column({ name: 'previous_meeting_id', type: 'uuid' })
  previousMeetingId!: string;

  @Column({ type: 'jsonb' })
  amendments!: string[];

  @Column({ name: 'quorum_explanation', type: 'jsonb' })
  quorumExplanation!: string[];

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
