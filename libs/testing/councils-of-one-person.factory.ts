import type { TestDatabase } from './test-database.service';

/**
 * Two councils written past the row security (as the superuser), `a` with Ada of A and `b` with
 * Bea of B and nothing else: what the specs of the pool's binding to councils tell apart.
 */
export async function councilsOfOnePerson(db: TestDatabase, a: string, b: string): Promise<void> {
  for (const [tenant, slug, person] of [
    [a, `a-${a.slice(0, 8)}`, 'Ada of A'],
    [b, `b-${b.slice(0, 8)}`, 'Bea of B'],
  ]) {
    await db.superuser('INSERT INTO tenants (tenant_id, slug, name) VALUES ($1, $2, $2)', [
      tenant,
      slug,
    ]);
    await db.superuser('INSERT INTO people (tenant_id, name, email) VALUES ($1, $2, $3)', [
      tenant,
      person,
      `${slug}@example.org`,
    ]);
  }
}
