import type { QueryRunner } from 'typeorm';

/** Cases a batch of a fill holds FOR SHARE at once (writes to them wait that long). */
const BATCH = 5000;

/** In a migration with `transaction = false`: `work` in a transaction of its own on q. */
export async function inTransaction<T>(q: QueryRunner, work: () => Promise<T>): Promise<T> {
  await q.startTransaction();
  try {
    const done = await work();
    await q.commitTransaction();
    return done;
  } catch (e) {
    await q.rollbackTransaction();
    throw e;
  }
}

/**
 * A table kept beside cases by triggers, made in one transaction (`make`: the table, its indexes
 * and policies, the triggers) unless it is there already: a run again after a failed fill finds it.
 */
export async function makeOnce(
  q: QueryRunner,
  table: string,
  make: () => Promise<void>,
): Promise<void> {
  const [{ made }]: { made: boolean }[] = await q.query(
    `SELECT to_regclass('${table}') IS NOT NULL AS made`,
  );
  if (!made) await inTransaction(q, make);
}

/**
 * Rows kept beside cases, written for the cases there already, online (ADR 0044, docs/adr/0053):
 * once the triggers that keep them are in place, the cases in batches in id order, each batch in
 * its own transaction with its cases held FOR SHARE while `write` writes from them, so that a
 * write to a case either came before (and its row as read is the latest) or waits and then fires
 * the trigger. `columns` are the cases' columns a batch reads (id among them); `write` is a
 * data-modifying statement that reads them from `batch` (an INSERT … SELECT … FROM batch b, an
 * UPDATE … FROM batch b). Run again, it writes every batch again: `write` must be idempotent.
 */
export async function fillBesideCases(
  q: QueryRunner,
  fill: { columns: string; write: string },
): Promise<void> {
  for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
    const [batch]: { last: string | null; n: number }[] = await inTransaction(q, () =>
      q.query(
        `WITH batch AS (
           SELECT ${fill.columns} FROM cases
            WHERE id > $1 ORDER BY id LIMIT ${BATCH} FOR SHARE),
         kept AS (
           ${fill.write})
         SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*)::int FROM batch) AS n`,
        [after],
      ),
    );
    if (batch.n < BATCH || !batch.last) break;
    after = batch.last;
  }
}
