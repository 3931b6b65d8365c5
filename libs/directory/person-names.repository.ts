import type { EntityManager } from 'typeorm';
import type { TenantScope } from '../core/tenant-scope';

/**
 * People's names, for pages that offer a person to choose (a substitute, a declaring member): the
 * council's its scope names, no other's (ADR 0015).
 */
export class PersonNamesRepository {
  async all(
    scope: TenantScope,
    m: Pick<EntityManager, 'query'>,
    limit = 2000,
  ): Promise<{ id: string; name: string }[]> {
    return m.query('SELECT id, name FROM people WHERE tenant_id = $1 ORDER BY name LIMIT $2', [
      scope.tenantId,
      limit,
    ]);
  }
}
