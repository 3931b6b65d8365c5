import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

export interface SeatOnTheDay {
  seat: 'chair' | 'vice_chair';
  personId: string;
  name: string;
  /** The directory's absence covering the day, if the person is recorded away. */
  away: { firstDay: string; lastDay: string } | null;
}

/** The meeting that approved a case's minutes, and the earlier meeting whose minutes they are. */
export interface MinutesApprovalOfCase {
  meetingId: string;
  title: string;
  meetingDate: string;
  previousMeetingId: string;
}

/**
 * What carrying a meeting's approval of minutes into a case reads: the open cases that are those
 * minutes (a minutes-approval case whose chair seat names the body and whose `meetingDate` is the
 * meeting's; from version 4, once approved, its chair role is bound to the chair who signs, a member
 * of the same body), and the body's chair and vice-chair on the day with any absence recorded.
 */
@Injectable()
export class MinutesCasesRepository {
  /** Open cases linked to the minutes of the body's meeting on `meetingDate`, oldest first, with their references. */
  async linkedTo(
    scope: TenantScope,
    m: Queryable,
    bodyId: string,
    meetingDate: string,
  ): Promise<{ id: string; reference: string }[]> {
    return m.query(
      `SELECT id, reference FROM cases
        WHERE tenant_id = $1 AND template_id = 'minutes-approval' AND closed_at IS NULL
          AND lifecycle_status <> 'withdrawn'
          AND roles->'chair'->>'kind' IN ('seat', 'member') AND roles->'chair'->>'bodyId' = $2
          AND dates->>'meetingDate' = $3
        ORDER BY created_at, id`,
      [scope.tenantId, bodyId, meetingDate],
    );
  }

  /** The body's chair and vice-chair on `day`, each with an absence recorded over that day. */
  async seatsOn(
    scope: TenantScope,
    m: Queryable,
    bodyId: string,
    day: string,
  ): Promise<SeatOnTheDay[]> {
    return m.query(
      `SELECT ms.role AS seat, ms.person_id AS "personId", p.name,
              (SELECT json_build_object('firstDay', a.first_day::text, 'lastDay', a.last_day::text)
                 FROM absences a
                WHERE a.tenant_id = ms.tenant_id AND a.person_id = ms.person_id
                  AND a.cancelled_at IS NULL AND a.first_day <= $3::date AND a.last_day >= $3::date
                LIMIT 1) AS away
         FROM memberships ms
         JOIN people p ON p.id = ms.person_id AND p.tenant_id = ms.tenant_id
        WHERE ms.tenant_id = $1 AND ms.body_id = $2 AND ms.role IN ('chair', 'vice_chair')
          AND ms.valid_from <= $3::date AND (ms.valid_until IS NULL OR ms.valid_until >= $3::date)`,
      [scope.tenantId, bodyId, day],
    );
  }

  /**
   * The case each approval of minutes made at this meeting went to, by the earlier meeting whose
   * minutes they were: the case of those minutes (as linkedTo finds it) whose resolution the
   * approving meeting's date records, whatever became of it since.
   */
  async ofApprovalsAt(
    scope: TenantScope,
    m: Queryable,
    meetingId: string,
  ): Promise<{ previousMeetingId: string; caseId: string }[]> {
    return m.query(
      `SELECT a.previous_meeting_id AS "previousMeetingId", c.id AS "caseId"
         FROM minutes_approvals a
         JOIN meetings mt ON mt.tenant_id = a.tenant_id AND mt.id = a.meeting_id
         JOIN meetings pm ON pm.tenant_id = a.tenant_id AND pm.id = a.previous_meeting_id
         JOIN cases c ON c.tenant_id = a.tenant_id AND c.template_id = 'minutes-approval'
          AND c.roles->'chair'->>'kind' IN ('seat', 'member') AND c.roles->'chair'->>'bodyId' = pm.body_id::text
          AND c.dates->>'meetingDate' = pm.meeting_date::text
          AND c.snapshot->'context'->'resolution'->>'meetingDate' = mt.meeting_date::text
        WHERE a.tenant_id = $1 AND a.meeting_id = $2
        ORDER BY c.created_at, c.id`,
      [scope.tenantId, meetingId],
    );
  }

  /**
   * The approval of minutes a case went to, the other way from ofApprovalsAt: the meeting that
   * approved them (its title and date) and the earlier meeting whose minutes they are; undefined
   * when no meeting's approval matches the case.
   */
  async approvalOfCase(
    scope: TenantScope,
    m: Queryable,
    caseId: string,
  ): Promise<MinutesApprovalOfCase | undefined> {
    const [row] = await m.query<MinutesApprovalOfCase[]>(
      `SELECT mt.id AS "meetingId", mt.title, mt.meeting_date::text AS "meetingDate",
              a.previous_meeting_id AS "previousMeetingId"
         FROM cases c
         JOIN meetings pm ON pm.tenant_id = c.tenant_id
          AND pm.body_id::text = c.roles->'chair'->>'bodyId'
          AND pm.meeting_date::text = c.dates->>'meetingDate'
         JOIN minutes_approvals a ON a.tenant_id = c.tenant_id AND a.previous_meeting_id = pm.id
         JOIN meetings mt ON mt.tenant_id = a.tenant_id AND mt.id = a.meeting_id
          AND mt.meeting_date::text = c.snapshot->'context'->'resolution'->>'meetingDate'
        WHERE c.tenant_id = $1 AND c.id = $2 AND c.template_id = 'minutes-approval'
          AND c.roles->'chair'->>'kind' IN ('seat', 'member')
        ORDER BY mt.meeting_date DESC, mt.id
        LIMIT 1`,
      [scope.tenantId, caseId],
    );
    return row;
  }
}
