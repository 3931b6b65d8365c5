import { DataSource } from 'typeorm';

/**
 * The SQL TypeORM would run to make the migrated database match the entities. Empty means the
 * entities and migrations agree; the test command fails otherwise.
 */
export async function pendingSchemaChanges(
  ds: DataSource,
): Promise<{ up: string[]; down: string[] }> {
  const sql = await ds.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map((q) => q.query),
    down: sql.downQueries.map((q) => q.query).reverse(),
  };
}
