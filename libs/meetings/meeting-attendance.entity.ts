import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AttendanceStatus = 'present' | 'apologies' | 'absent';

/** One person at a meeting: present, apologies or absent; a substitute names whose seat they fill. */
@Entity({ name: 'meeting_attendance' })
@Index(['tenantId', 'meetingId', 'personId'], { unique: true })
export class MeetingAttendance {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId!: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @Column({ type: 'text' })
  status!: AttendanceStatus;

  @Column({ name: 'substitute_for', type: 'uuid', nullable: true })
  substituteFor!: string | null;
}
