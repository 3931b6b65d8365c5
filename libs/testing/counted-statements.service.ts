import type { DataSource, EntityManager } from 'typeorm';

/*
 * A manager that counts the statements it is asked to run, for specs that hold a read to a bounded
 * number of queries however many rows it reads (the register, the forward plan's draft).
 */

/**
 * What `read` returns, how many statements it ran through the counting manager, and how many rows
 * each statement returned (in the order they ran).
 */
export async function countedStatements<T>(
  ds: DataSource,
  read: (manager: EntityManager) => Promise<T>,
): Promise<{ result: T; statements: number; rows: number[] }> {
  let statements = 0;
  const rows: number[] = [];
  const m = ds.manager;
  const counting = Object.create(m) as EntityManager;
  counting.query = (async (sql: string, params?: unknown[]) => {
    statements++;
    const at = rows.push(0) - 1;
    const out: unknown = await m.query(sql, params);
    rows[at] = Array.isArray(out) ? out.length : 0;
    return out;
  }) as EntityManager['query'];
  const result = await read(counting);
  return { result, statements, rows };
}
