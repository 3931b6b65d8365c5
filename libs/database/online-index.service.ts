import type { QueryRunner } from 'typeorm';
import { postgresError } from '../core/postgres-error';
import {
  IndexBuildWaiting,
  type BuildElsewhere,
  type IndexBuildWait,
  type LockHolder,
} from './index-build-wait.service';

/**
 * An index that a migration builds online (ADR 0044): its name, its table, and what follows
 * `ON "table"` in its CREATE INDEX: the columns, and a partial index's WHERE.
 */
export interface OnlineIndex {
  name: string;
  table: string;
  on: string;
  /** A UNIQUE index: a build that meets a duplicate fails, leaving it INVALID (dropped on the next run). */
  unique?: true;
}

/** What PostgreSQL's catalogue says of an index of that name in the current schema. */
interface Found {
  oid: string;
  table: string;
  valid: boolean;
}

/** Where migrate() leaves the wait's settings for the migrations it runs on its query runner. */
const WAIT_KEY = 'ratify.indexBuildWait';

/**
 * How long a drop of an INVALID index waits for a lock on its table. A build of that index by
 * another session holds SHARE UPDATE EXCLUSIVE on the table until it is nearly done: a drop that
 * waited for it would then drop the index it had just made valid. Told "lock not available", the
 * build waits and looks again, as for a build it can see.
 */
const DROP_LOCK_TIMEOUT = '1s';

const IN_A_TRANSACTION = (name: string) =>
  `index ${name} is built CONCURRENTLY, which PostgreSQL refuses inside a transaction: ` +
  'give its migration `transaction = false` (ADR 0044)';

/** The wait for another session's build that the migrations run on q are given (migrate sets it). */
export function setIndexBuildWait(q: QueryRunner, wait: IndexBuildWait): void {
  q.data = { ...q.data, [WAIT_KEY]: wait };
}

function waitOf(q: QueryRunner): IndexBuildWait {
  return ((q.data as Record<string, unknown> | undefined)?.[WAIT_KEY] as IndexBuildWait) ?? {};
}

/**
 * Builds the index with CREATE INDEX CONCURRENTLY, so that the table takes reads and writes
 * throughout (it holds SHARE UPDATE EXCLUSIVE, which no INSERT, UPDATE or DELETE waits for);
 * outside any transaction, so in a migration with `transaction = false`. Safe to run again after
 * a failure: a build that failed or was cut off leaves its index INVALID (kept by PostgreSQL,
 * used by no query, still slowing every write), which is dropped and built again rather than
 * taken for done because the name exists. A valid index of that name is the build of a run that
 * died before TypeORM recorded the migration: kept. One being built by another session (by hand,
 * or a process killed while PostgreSQL goes on) is waited for, its progress said in the log, up
 * to the wait's bound (INDEX_BUILD_WAIT_SECONDS), then looked at again.
 */
export async function buildIndexOnline(q: QueryRunner, index: OnlineIndex): Promise<void> {
  if (q.isTransactionActive) throw new Error(IN_A_TRANSACTION(index.name));
  const waiting = new IndexBuildWaiting(index, waitOf(q));
  for (;;) {
    const found = await findIndex(q, index.name);
    if (found && found.table !== index.table)
      throw new Error(
        `an index named ${index.name} already exists on ${found.table}, not on ${index.table}`,
      );
    if (found?.valid) return;
    if (found) {
      const build = await buildElsewhere(q, found.oid);
      if (build) {
        await waiting.pause({ build });
        continue;
      }
      // Read again after the look for a build: one that ended just before it has now
      // committed what it made (valid), and is not taken for a failed one.
      const again = await findIndex(q, index.name);
      if (again?.oid !== found.oid || again.valid) continue;
      const dropped = await dropIfLeftOver(q, index, found.oid);
      if (dropped === 'changed') continue;
      if (dropped === 'locked') {
        await waiting.pause({ lockHolders: await lockHolders(q, index.table) });
        continue;
      }
    }
    if (await createUnlessTaken(q, index)) return;
  }
}

/**
 * Drops the index: CONCURRENTLY outside a transaction; plainly inside one (TypeORM reverts a
 * migration inside a transaction whatever the migration's own `transaction` says).
 */
export async function dropIndexOnline(q: QueryRunner, name: string): Promise<void> {
  await q.query(
    q.isTransactionActive ? `DROP INDEX "${name}"` : `DROP INDEX CONCURRENTLY "${name}"`,
  );
}

/**
 * Our build; false when the name was taken between the catalogue's read and it (another session
 * began a build of it): nothing of ours was made, and the loop looks again.
 */
async function createUnlessTaken(q: QueryRunner, index: OnlineIndex): Promise<boolean> {
  try {
    await q.query(
      `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY "${index.name}" ON "${index.table}" ${index.on}`,
    );
    return true;
  } catch (e) {
    if (postgresError(e).code === '42P07') return false;
    throw e;
  }
}

/**
 * Drops an INVALID index that no build holds any more: 'locked' when its table's lock is not had
 * within DROP_LOCK_TIMEOUT (a build this login cannot see holds it), 'changed' when, once had, the
 * index is valid or its row is being changed (a build that let the lock go and has not yet
 * committed). Checked under the lock in a transaction of its own, since DROP INDEX CONCURRENTLY,
 * which cannot run in one, would drop what a build had made valid the moment it let the lock go.
 */
async function dropIfLeftOver(
  q: QueryRunner,
  index: OnlineIndex,
  oid: string,
): Promise<'dropped' | 'locked' | 'changed'> {
  let leftOver: boolean;
  await q.startTransaction();
  try {
    await q.query(`SET LOCAL lock_timeout = '${DROP_LOCK_TIMEOUT}'`);
    await q.query(`LOCK TABLE "${index.table}" IN SHARE UPDATE EXCLUSIVE MODE`);
    const rows: { left: boolean }[] = await q.query(
      `SELECT NOT (i.indisvalid AND i.indisready AND i.indislive)
              AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'transactionid'
                                 AND l.transactionid = i.xmax AND l.pid <> pg_backend_pid()) AS "left"
         FROM pg_index i WHERE i.indexrelid = $1::oid`,
      [oid],
    );
    leftOver = rows[0]?.left === true;
    await q.commitTransaction();
  } catch (e) {
    await q.rollbackTransaction();
    if (postgresError(e).code === '55P03') return 'locked';
    throw e;
  }
  if (!leftOver) return 'changed';
  const [{ before }]: { before: string }[] = await q.query(
    `SELECT current_setting('lock_timeout') AS before`,
  );
  await q.query(`SELECT set_config('lock_timeout', $1, false)`, [DROP_LOCK_TIMEOUT]);
  try {
    await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "${index.name}"`);
    return 'dropped';
  } catch (e) {
    // lock_not_available. A drop cut off after its first step leaves the index INVALID, as it was.
    if (postgresError(e).code === '55P03') return 'locked';
    throw e;
  } finally {
    await q.query(`SELECT set_config('lock_timeout', $1, false)`, [before]);
  }
}

/** The index of that name in the current schema, as the catalogue says now. */
async function findIndex(q: QueryRunner, name: string): Promise<Found | null> {
  const rows: Found[] = await q.query(
    `SELECT c.oid::text AS oid, t.relname AS "table",
            i.indisvalid AND i.indisready AND i.indislive AS valid
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
      WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`,
    [name],
  );
  return rows[0] ?? null;
}

/**
 * Another session's index build on the table of the index `oid`, found by what it builds rather
 * than by its statement's text (any spacing, case or comment; CREATE INDEX or REINDEX,
 * CONCURRENTLY): pg_stat_progress_create_index, by the index (a REINDEX CONCURRENTLY of it
 * reports it, then the `_ccnew` index it builds) or by the table (a build of it before its
 * index exists; any other build on that table holds the lock the drop needs too); or, after its
 * progress has ended and before it commits, the index's pg_index row changed by a transaction
 * still open (the build recording the index as valid). A login that may not read another
 * login's progress sees none of this: the drop's short lock wait is what keeps that build.
 */
async function buildElsewhere(q: QueryRunner, oid: string): Promise<BuildElsewhere | null> {
  const rows: BuildElsewhere[] = await q.query(
    `SELECT p.pid, p.command, b.relname AS index, p.phase, p.blocks_done::text AS "blocksDone",
            p.blocks_total::text AS "blocksTotal", p.tuples_done::text AS "tuplesDone",
            p.tuples_total::text AS "tuplesTotal"
       FROM pg_stat_progress_create_index p LEFT JOIN pg_class b ON b.oid = p.index_relid
      WHERE (p.index_relid = $1::oid
             OR p.relid = (SELECT indrelid FROM pg_index WHERE indexrelid = $1::oid))
        AND p.pid <> pg_backend_pid()
     UNION ALL
     SELECT l.pid, NULL, NULL, 'recording the index as built', NULL, NULL, NULL, NULL
       FROM pg_index i JOIN pg_locks l
         ON l.locktype = 'transactionid' AND l.transactionid = i.xmax AND l.mode = 'ExclusiveLock'
      WHERE i.indexrelid = $1::oid AND l.pid <> pg_backend_pid()
      LIMIT 1`,
    [oid],
  );
  return rows[0] ?? null;
}

/** The sessions holding a lock on the table that a DROP INDEX CONCURRENTLY waits for. */
async function lockHolders(q: QueryRunner, table: string): Promise<LockHolder[]> {
  return q.query(
    `SELECT l.pid, l.mode FROM pg_locks l
      WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()
        AND l.relation = to_regclass(quote_ident($1))
        AND l.mode IN ('ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock',
                       'ExclusiveLock', 'AccessExclusiveLock')
      ORDER BY l.pid`,
    [table],
  );
}
