import type { DataSource, EntityManager } from 'typeorm';

/*
 * A manager that counts the statements it is asked to run, for specs that hold a read to a bounded
 * number of queries however many rows it reads (the register, the forward plan's draft).
 */

/** What `read` returns, and how many statements it ran through the counting manager. */
export async function countedStatements<T>(
  ds: DataSource,
  read: (manager: EntityManager) => Promise<T>,
): Promise<{ result: T; statements: number }> {
  let statements = 0;
  const m = ds.manager;
  const counting = Object.create(m) as EntityManager;
  counting.query = ((sql: string, params?: unknown[]) => {
    statements++;
    return m.query(sql, params);
  }) as EntityManager['query'];
  const result = await read(counting);
  return { result, statements };
}
