import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { BodyKind } from '../directory/body.entity';

export interface MeetingRow {
  id: string;
  bodyId: string;
  bodyName: string;
  bodyKind: BodyKind;
  meetingDate: string;
  title: string;
  agendaPublishedOn: string | null;
}

const MEETING_COLUMNS = `m.id, m.body_id AS "bodyId", b.name AS "bodyName", b.kind AS "bodyKind",
  m.meeting_date::text AS "meetingDate", m.title, m.agenda_published_on::text AS "agendaPublishedOn"`;

/** The meetings table; every query is scoped to the tenant. */
@Injectable()
export class MeetingsRepository {
  /** The meeting, locked FOR UPDATE when `lock` (writes to one meeting are serialised). */
  async meeting(
    scope: TenantScope,
    m: Queryable,
    meetingId: string,
    lock = false,
  ): Promise<MeetingRow | null> {
    const rows: MeetingRow[] = await m.query(
      `SELECT ${MEETING_COLUMNS} FROM meetings m
         JOIN bodies b ON b.id = m.body_id AND b.tenant_id = m.tenant_id
        WHERE m.tenant_id = $1 AND m.id = $2${lock ? ' FOR UPDATE OF m' : ''}`,
      [scope.tenantId, meetingId],
    );
    return rows[0] ?? null;
  }

  /** When the meeting was scheduled in Ratify (null: no such meeting). */
  async scheduledAt(scope: TenantScope, m: Queryable, meetingId: string): Promise<Date | null> {
    const rows: { at: Date | string }[] = await m.query(
      'SELECT created_at AS at FROM meetings WHERE tenant_id = $1 AND id = $2',
      [scope.tenantId, meetingId],
    );
    return rows[0] ? new Date(rows[0].at) : null;
  }

  /** A page of meetings, newest first (id breaks ties, so that pages neither skip nor repeat). */
  async list(
    scope: TenantScope,
    m: Queryable,
    page: { bodyId?: string; limit: number; offset: number },
  ): Promise<MeetingRow[]> {
    return m.query(
      `SELECT ${MEETING_COLUMNS} FROM meetings m
         JOIN bodies b ON b.id = m.body_id AND b.tenant_id = m.tenant_id
        WHERE m.tenant_id = $1 AND ($2::uuid IS NULL OR m.body_id = $2)
        ORDER BY m.meeting_date DESC, m.created_at DESC, m.id LIMIT $3 OFFSET $4`,
      [scope.tenantId, page.bodyId ?? null, page.limit, page.offset],
    );
  }

  /** Schedules a meeting of a body; returns its id. */
  async insert(
    scope: TenantScope,
    m: Queryable,
    meeting: { bodyId: string; meetingDate: string; title: string; by: string; at: Date },
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO meetings (tenant_id, body_id, meeting_date, title, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [scope.tenantId, meeting.bodyId, meeting.meetingDate, meeting.title, meeting.by, meeting.at],
    );
    return rows[0].id;
  }

  /**
   * A meeting with a past of its own: scheduled at 9am on `scheduledOn` (now when null) and its
   * agenda published on `agendaPublishedOn` (none yet when null); returns its id. The demo's
   * meetings are written so, as a council that had kept them in Ratify for weeks would have them.
   */
  async insertScheduledOn(
    scope: TenantScope,
    m: Queryable,
    meeting: {
      bodyId: string;
      meetingDate: string;
      title: string;
      by: string;
      scheduledOn: string | null;
      agendaPublishedOn: string | null;
    },
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO meetings (tenant_id, body_id, meeting_date, title, created_by,
                             agenda_published_on, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::date + time '09:00', now())) RETURNING id`,
      [
        scope.tenantId,
        meeting.bodyId,
        meeting.meetingDate,
        meeting.title,
        meeting.by,
        meeting.agendaPublishedOn,
        meeting.scheduledOn,
      ],
    );
    return rows[0].id;
  }

  async recordPublication(
    scope: TenantScope,
    m: Queryable,
    meetingId: string,
    agendaPublishedOn: string,
  ): Promise<void> {
    await m.query('UPDATE meetings SET agenda_published_on = $3 WHERE tenant_id = $1 AND id = $2', [
      scope.tenantId,
      meetingId,
      agendaPublishedOn,
    ]);
  }

  /**
   * The council's settings as stored on its tenant row (read only here: the directory's council
   * settings own them), for the calendar and interest rules a meeting applies.
   */
  async councilSettings(scope: TenantScope, m: Queryable): Promise<unknown> {
    const [tenant]: { settings: unknown }[] = await m.query(
      'SELECT settings FROM tenants WHERE tenant_id = $1',
      [scope.tenantId],
    );
    return tenant?.settings;
  }
}
