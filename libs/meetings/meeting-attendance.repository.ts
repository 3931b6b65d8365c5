import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { AttendanceEntry } from '../governance/quorum.service';
import type { AttendanceStatus } from './meeting-attendance.entity';

export interface AttendanceRow extends AttendanceEntry {
  status: AttendanceStatus;
}

/** Who was present at a meeting, sent apologies or was absent, and for whom a substitute sat. */
@Injectable()
export class MeetingAttendanceRepository {
  async ofMeeting(scope: TenantScope, m: Queryable, meetingId: string): Promise<AttendanceRow[]> {
    const rows: (AttendanceRow & { substituteFor: string | null })[] = await m.query(
      `SELECT a.person_id AS "personId", p.name, a.status, a.substitute_for AS "substituteFor"
         FROM meeting_attendance a
         JOIN people p ON p.id = a.person_id AND p.tenant_id = a.tenant_id
        WHERE a.tenant_id = $1 AND a.meeting_id = $2 ORDER BY p.name`,
      [scope.tenantId, meetingId],
    );
    return rows.map((a) => ({
      personId: a.personId,
      name: a.name,
      status: a.status,
      ...(a.substituteFor ? { substituteFor: a.substituteFor } : {}),
    }));
  }

  /** The meeting's whole attendance, replacing what was recorded before. */
  async replace(
    scope: TenantScope,
    m: Queryable,
    meetingId: string,
    entries: { personId: string; status: AttendanceStatus; substituteFor?: string }[],
  ): Promise<void> {
    await m.query('DELETE FROM meeting_attendance WHERE tenant_id = $1 AND meeting_id = $2', [
      scope.tenantId,
      meetingId,
    ]);
    for (const e of entries)
      await m.query(
        `INSERT INTO meeting_attendance (tenant_id, meeting_id, person_id, status, substitute_for)
         VALUES ($1, $2, $3, $4, $5)`,
        [scope.tenantId, meetingId, e.personId, e.status, e.substituteFor ?? null],
      );
  }
}
