import type { QueryRunner } from 'typeorm';

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
  table: string;
  valid: boolean;
  building: boolean;
}

const IN_A_TRANSACTION = (name: string) =>
  `index ${name} is built CONCURRENTLY, which PostgreSQL refuses inside a transaction: ` +
  'give its migration `transaction = false` (ADR 0044)';

/**
 * Builds the index with CREATE INDEX CONCURRENTLY, so that the table takes reads and writes
 * throughout (it holds SHARE UPDATE EXCLUSIVE, which no INSERT, UPDATE or DELETE waits for);
 * outside any transaction, so in a migration with `transaction = false`. Safe to run again after
 * a failure: a build that failed or was cut off leaves its index INVALID (kept by PostgreSQL,
 * used by no query, still slowing every write), which is dropped and built again rather than
 * taken for done because the name exists. A valid index of that name is the build of a run that
 * died before TypeORM recorded the migration: kept. One being built by another connection (two
 * processes migrating at once) is waited for, then looked at again.
 */
export async function buildIndexOnline(q: QueryRunner, index: OnlineIndex): Promise<void> {
  if (q.isTransactionActive) throw new Error(IN_A_TRANSACTION(index.name));
  for (;;) {
    const found = await findIndex(q, index.name);
    if (found && found.table !== index.table)
      throw new Error(
        `an index named ${index.name} already exists on ${found.table}, not on ${index.table}`,
      );
    if (found?.valid) return;
    if (found?.building) {
      await q.query('SELECT pg_sleep(1)');
      continue;
    }
    if (found) await q.query(`DROP INDEX CONCURRENTLY IF EXISTS "${index.name}"`);
    await q.query(
      `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX CONCURRENTLY "${index.name}" ON "${index.table}" ${index.on}`,
    );
    return;
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
 * The index of that name in the current schema, and whether another connection of this database
 * is running a CREATE INDEX CONCURRENTLY of it (read by the same login, which may see its text).
 * Its statement, not its progress: the build's progress ends before its last commit, which waits
 * for the WAL to be flushed. Two statements, the activity first: one statement reads the
 * catalogue as it stood when the statement began but the activity as it is when read, so a build
 * that ended in between was read as an invalid index nobody builds, and dropped as it became
 * valid (CI, session 23). Read in this order, a build under way at the first read is seen as
 * building, and one that ended before it has committed its index by the second.
 */
async function findIndex(q: QueryRunner, name: string): Promise<Found | null> {
  const [{ building }]: { building: boolean }[] = await q.query(
    `SELECT EXISTS (SELECT 1 FROM pg_stat_activity a
                     WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
                       AND a.state = 'active' AND strpos(a.query, $1) > 0
                       AND a.query ~* '^\\s*CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY') AS building`,
    [name],
  );
  const rows: Omit<Found, 'building'>[] = await q.query(
    `SELECT t.relname AS "table", i.indisvalid AND i.indisready AND i.indislive AS valid
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indexrelid
       JOIN pg_class t ON t.oid = i.indrelid
      WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`,
    [name],
  );
  return rows[0] ? { ...rows[0], building } : null;
}
