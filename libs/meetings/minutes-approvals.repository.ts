import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

export interface MinutesApprovalRow {
  previousMeetingId: string;
  previousMeetingDate: string;
  amendments: string[];
  quorumExplanation: string[];
  recordedAt: string;
}

/** Minutes approved as a correct record: at a meeting, of an earlier one, once. */
@Injectable()
export class MinutesApprovalsRepository {
  /** The approvals made at this meeting. */
  async ofMeeting(
    scope: TenantScope,
    m: Queryable,
    meetingId: string,
  ): Promise<MinutesApprovalRow[]> {
    return m.query(
      `SELECT a.previous_meeting_id AS "previousMeetingId",
              pm.meeting_date::text AS "previousMeetingDate", a.amendments,
              a.quorum_explanation AS "quorumExplanation", a.recorded_at AS "recordedAt"
         FROM minutes_approvals a
         JOIN meetings pm ON pm.id = a.previous_meeting_id AND pm.tenant_id = a.tenant_id
        WHERE a.tenant_id = $1 AND a.meeting_id = $2`,
      [scope.tenantId, meetingId],
    );
  }

  /** Whether the minutes of `previousMeetingId` were already approved, at any meeting. */
  async approved(scope: TenantScope, m: Queryable, previousMeetingId: string): Promise<boolean> {
    const done: unknown[] = await m.query(
      'SELECT 1 FROM minutes_approvals WHERE tenant_id = $1 AND previous_meeting_id = $2',
      [scope.tenantId, previousMeetingId],
    );
    return done.length > 0;
  }

  async insert(
    scope: TenantScope,
    m: Queryable,
    a: {
      meetingId: string;
      previousMeetingId: string;
      amendments: string[];
      quorumExplanation: string[];
      by: string;
      at: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO minutes_approvals (tenant_id, meeting_id, previous_meeting_id, amendments, quorum_explanation, recorded_by, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        scope.tenantId,
        a.meetingId,
        a.previousMeetingId,
        JSON.stringify(a.amendments),
        JSON.stringify(a.quorumExplanation),
        a.by,
        a.at,
      ],
    );
  }
}
