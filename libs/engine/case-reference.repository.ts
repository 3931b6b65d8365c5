import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Queryable } from '../core/queryable';
import type { TenantScope } from '../core/tenant-scope';
import { councilSettingsSchema } from '../governance/council-settings.service';
import { formatReference, referencePrefix } from '../governance/case-reference.service';

/**
 * Gives a case its reference (docs/adr/0038) in the transaction that opens it: the council's
 * counter for the year is raised by one and row-locked until that transaction ends, so a second
 * opening at the same time waits for the first and takes the next number; a rolled-back opening
 * gives its number back. The unique index (tenant_id, reference) stands behind it.
 */
@Injectable()
export class CaseReferenceRepository {
  async next(scope: TenantScope, m: EntityManager, year: number): Promise<string> {
    const [counter]: { n: number }[] = await m.query(
      `INSERT INTO case_reference_counters (tenant_id, year, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (tenant_id, year) DO UPDATE SET last_number = case_reference_counters.last_number + 1
       RETURNING last_number AS n`,
      [scope.tenantId, year],
    );
    const [t]: { name: string; settings: unknown }[] = await m.query(
      'SELECT name, settings FROM tenants WHERE tenant_id = $1',
      [scope.tenantId],
    );
    const settings = councilSettingsSchema.safeParse(t?.settings ?? {});
    const prefix = referencePrefix(settings.success ? settings.data : {}, t?.name ?? '');
    return formatReference(prefix, year, counter.n);
  }

  /** The id of the council's case with this reference (capitals), or null. */
  async caseIdOf(scope: TenantScope, m: Queryable, reference: string): Promise<string | null> {
    const [row]: { id: string }[] = await m.query(
      'SELECT id FROM cases WHERE tenant_id = $1 AND reference = $2',
      [scope.tenantId, reference],
    );
    return row?.id ?? null;
  }
}
