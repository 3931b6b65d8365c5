import { DataSource } from 'typeorm';

/**
 * The composite keys (tenant_id, id) that bind a row to its council's rows are the migrations'
 * own, declared by no entity (migrations/1796376036387-bind-rows-to-their-council.ts): TypeORM
 * would drop them, so its statements about them are not drift.
 */
const MIGRATIONS_OWN = /CONSTRAINT "(FK|UQ)_tenant_\w+"/;

/**
 * The SQL TypeORM would run to make the migrated database match the entities. Empty means the
 * entities and migrations agree; the test command fails otherwise.
 */
export async function pendingSchemaChanges(
  ds: DataSource,
): Promise<{ up: string[]; down: string[] }> {
  const sql = await ds.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query).filter((q) => !MIGRATIONS_OWN.test(q)),
    down: sql.downQueries
      .map((q) => q.query)
      .filter((q) => !MIGRATIONS_OWN.test(q))
      .reverse(),
  };
}
