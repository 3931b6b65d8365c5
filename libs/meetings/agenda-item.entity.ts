import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An item on a meeting's agenda, optionally the meeting's part in a case, with its notice facts. */
@Entity({ name: 'agenda_items' })
@Index(['tenantId', 'meetingId', 'position'], { unique: true })
export class AgendaItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ name: 'key_decision', type: 'boolean' })
  keyDecision!: boolean;

  @Column({ name: 'forward_plan_published_on', type: 'date', nullable: true })
  forwardPlanPublishedOn!: string | null;

  /** Reasons for excluding the public; a Part 2 (private) item when set. */
  @Column({ name: 'part2_reasons', type: 'text', nullable: true })
  part2Reasons!: string | null;

  @Column({ name: 'private_notice_published_on', type: 'date', nullable: true })
  privateNoticePublishedOn!: string | null;

  @Column({ name: 'report_published_on', type: 'date', nullable: true })
  reportPublishedOn!: string | null;

  /**
   * The other lawful routes when a notice fell short: the general exception or special urgency for
   * a key decision, the chair's reasons for a late report, the urgency agreement for a Part 2 item.
   */
  @Column({ name: 'notice_routes', type: 'jsonb', default: () => "'{}'" })
  noticeRoutes!: unknown;
}
