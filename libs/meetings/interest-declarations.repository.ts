import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import type { InterestKind } from '../governance/interests.service';

export interface DeclarationRow {
  id: string;
  itemId: string;
  personId: string;
  name: string;
  kind: InterestKind;
  details: string;
  dispensation: Record<string, unknown> | null;
  declaredAt: string;
}

/** Interests declared on a meeting's items, with the dispensation each relied on as it stood. */
@Injectable()
export class InterestDeclarationsRepository {
  async ofMeeting(scope: TenantScope, m: Queryable, meetingId: string): Promise<DeclarationRow[]> {
    return m.query(
      `SELECT d.id, d.item_id AS "itemId", d.person_id AS "personId", p.name, d.kind,
              d.details, d.dispensation, d.declared_at AS "declaredAt"
         FROM interest_declarations d
         JOIN people p ON p.id = d.person_id AND p.tenant_id = d.tenant_id
        WHERE d.tenant_id = $1 AND d.meeting_id = $2 ORDER BY d.declared_at, d.id`,
      [scope.tenantId, meetingId],
    );
  }

  async insert(
    scope: TenantScope,
    m: Queryable,
    d: {
      meetingId: string;
      itemId: string;
      personId: string;
      kind: InterestKind;
      details: string;
      dispensation: object | null;
      at: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO interest_declarations (tenant_id, meeting_id, item_id, person_id, kind, details, dispensation, declared_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        scope.tenantId,
        d.meetingId,
        d.itemId,
        d.personId,
        d.kind,
        d.details,
        d.dispensation ? JSON.stringify(d.dispensation) : null,
        d.at,
      ],
    );
  }
}
