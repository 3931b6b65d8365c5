import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../core/tenant-scope';

export interface CaseAgenda {
  meetingId: string;
  title: string;
  meetingDate: string;
  item: string;
}

/** The meetings whose agenda carries an item linked to a case (the case page lists them). */
@Injectable()
export class CaseAgendasRepository {
  async ofCase(
    scope: TenantScope,
    m: Pick<EntityManager, 'query'>,
    caseId: string,
  ): Promise<CaseAgenda[]> {
    return m.query(
      `SELECT m.id AS "meetingId", m.title, m.meeting_date::text AS "meetingDate", a.title AS item
         FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id AND m.tenant_id = a.tenant_id
        WHERE a.tenant_id = $1 AND a.case_id = $2 ORDER BY m.meeting_date`,
      [scope.tenantId, caseId],
    );
  }
}
