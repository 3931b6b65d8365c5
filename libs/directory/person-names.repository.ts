import type { EntityManager } from 'typeorm';

/** People's names, for pages that offer a person to choose (a substitute, a declaring member). */
export class PersonNamesRepository {
  async all(
    m: Pick<EntityManager, 'query'>,
    tenantId: string,
    limit = 2000,
  ): Promise<{ id: string; name: string }[]> {
    return m.query('SELECT id, name FROM people WHERE tenant_id = $1 ORDER BY name LIMIT $2', [
      tenantId,
      limit,
    ]);
  }
}
