import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { NoticeRoutes } from './meeting-input.schema';

export interface AgendaItemRow {
  id: string;
  position: number;
  title: string;
  caseId: string | null;
  keyDecision: boolean;
  forwardPlanPublishedOn: string | null;
  part2Reasons: string | null;
  noticeRoutes: NoticeRoutes;
  privateNoticePublishedOn: string | null;
  reportPublishedOn: string | null;
}

export type NewAgendaItem = Omit<AgendaItemRow, 'id' | 'position'>;

/** A meeting's agenda items, in their order. */
@Injectable()
export class AgendaItemsRepository {
  async ofMeeting(scope: TenantScope, m: Queryable, meetingId: string): Promise<AgendaItemRow[]> {
    return m.query(
      `SELECT id, position, title, case_id AS "caseId", key_decision AS "keyDecision",
              forward_plan_published_on::text AS "forwardPlanPublishedOn",
              part2_reasons AS "part2Reasons",
              private_notice_published_on::text AS "privateNoticePublishedOn",
              report_published_on::text AS "reportPublishedOn", notice_routes AS "noticeRoutes"
         FROM agenda_items WHERE tenant_id = $1 AND meeting_id = $2 ORDER BY position`,
      [scope.tenantId, meetingId],
    );
  }

  /** Adds the item at the end of the agenda; returns its id. */
  async append(
    scope: TenantScope,
    m: Queryable,
    meetingId: string,
    item: NewAgendaItem,
  ): Promise<string> {
    const rows: { id: string }[] = await m.query(
      `INSERT INTO agenda_items (tenant_id, meeting_id, position, title, case_id, key_decision,
                                 forward_plan_published_on, part2_reasons,
                                 private_notice_published_on, report_published_on, notice_routes)
       SELECT $1, $2, COALESCE(MAX(position), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10
         FROM agenda_items WHERE tenant_id = $1 AND meeting_id = $2
       RETURNING id`,
      [
        scope.tenantId,
        meetingId,
        item.title,
        item.caseId,
        item.keyDecision,
        item.forwardPlanPublishedOn,
        item.part2Reasons,
        item.privateNoticePublishedOn,
        item.reportPublishedOn,
        JSON.stringify(item.noticeRoutes),
      ],
    );
    return rows[0].id;
  }

  /** Replaces the item's notice routes; false when the meeting has no such item. */
  async setNoticeRoutes(
    scope: TenantScope,
    m: Queryable,
    meetingId: string,
    itemId: string,
    routes: NoticeRoutes,
  ): Promise<boolean> {
    const rows: { id: string }[] = await m.query(
      `WITH u AS (UPDATE agenda_items SET notice_routes = $4 WHERE tenant_id = $1 AND meeting_id = $2 AND id = $3 RETURNING id)
       SELECT id FROM u`,
      [scope.tenantId, meetingId, itemId, JSON.stringify(routes)],
    );
    return rows.length > 0;
  }
}
