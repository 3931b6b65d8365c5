import { Injectable } from '@nestjs/common';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';

export interface DispensationView {
  id: string;
  personId: string;
  grantor: string;
  ground: string;
  matters: string[];
  relievesFrom: string[];
  grantedOn: string;
  endsOn: string;
  revokedOn: string | null;
}

/** The register of dispensations (Localism Act 2011 s33). */
@Injectable()
export class DispensationsRepository {
  async list(scope: TenantScope, m: Queryable, personId?: string): Promise<DispensationView[]> {
    return m.query(
      `SELECT id, person_id AS "personId", grantor, ground, matters, relieves_from AS "relievesFrom", granted_on::text AS "grantedOn",
              ends_on::text AS "endsOn", revoked_on::text AS "revokedOn"
         FROM dispensations WHERE tenant_id = $1 AND ($2::uuid IS NULL OR person_id = $2::uuid) ORDER BY granted_on, id`,
      [scope.tenantId, personId ?? null],
    );
  }

  /** The person's dispensation with this id, unless revoked. */
  async inForce(
    scope: TenantScope,
    m: Queryable,
    id: string,
    personId: string,
  ): Promise<Omit<DispensationView, 'personId' | 'matters' | 'revokedOn'> | null> {
    const [d]: {
      id: string;
      grantor: string;
      ground: string;
      relieves_from: string[];
      granted_on: string;
      ends_on: string;
    }[] = await m.query(
      `SELECT id, grantor, ground, relieves_from, granted_on::text, ends_on::text FROM dispensations
        WHERE tenant_id = $1 AND id = $2 AND person_id = $3 AND revoked_on IS NULL`,
      [scope.tenantId, id, personId],
    );
    if (!d) return null;
    return {
      id: d.id,
      grantor: d.grantor,
      ground: d.ground,
      relievesFrom: d.relieves_from,
      grantedOn: d.granted_on,
      endsOn: d.ends_on,
    };
  }

  async insert(
    scope: TenantScope,
    m: Queryable,
    d: Omit<DispensationView, 'revokedOn'>,
    at: Date,
  ): Promise<void> {
    await m.query(
      `INSERT INTO dispensations (id, tenant_id, person_id, grantor, ground, matters, relieves_from, granted_on, ends_on, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        d.id,
        scope.tenantId,
        d.personId,
        d.grantor,
        d.ground,
        d.matters,
        d.relievesFrom,
        d.grantedOn,
        d.endsOn,
        at,
      ],
    );
  }
}
