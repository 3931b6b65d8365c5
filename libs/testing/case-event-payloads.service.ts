import type { Queryable } from '../core/queryable';

/** The payloads a case's events of one type were stored with, in the order they were sent. */
export async function storedPayloads<T>(q: Queryable, caseId: string, type: string): Promise<T[]> {
  const rows: { payload: T }[] = await q.query(
    'SELECT payload FROM case_events WHERE case_id = $1 AND type = $2 ORDER BY seq',
    [caseId, type],
  );
  return rows.map((e) => e.payload);
}
