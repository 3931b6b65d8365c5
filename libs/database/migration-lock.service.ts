import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { QueryRunner } from 'typeorm';

/** The session-level advisory lock a migrating process holds (pg_try_advisory_lock's key). */
const MIGRATION_LOCK = "hashtext('ratify: migrations')";

/** How long a process waits for the lock before it gives up, unless told (MIGRATION_LOCK_WAIT_SECONDS). */
export const DEFAULT_MIGRATION_LOCK_WAIT_SECONDS = 900;

export interface MigrationLockWait {
  /** Where the wait is said: the process's log. Unset: said nowhere. */
  log?: (line: string) => void;
  /** How long to wait for the lock before failing (seconds). */
  waitSeconds?: number;
  /** When the wait is first said (ms after it began), then how often again. */
  firstNoticeMs?: number;
  noticeEveryMs?: number;
}

interface Holder {
  pid: number;
  application_name: string | null;
  client: string | null;
  connected: Date | null;
  state: string | null;
  state_since: Date | null;
}

/**
 * Who holds the lock, from pg_locks and pg_stat_activity: the server process, its application
 * name and client address, since when it is connected and what it is doing. Never its query (it
 * may hold people's data) or its login. A login without pg_read_all_stats sees nulls for other
 * logins' sessions.
 */
async function holders(q: QueryRunner): Promise<Holder[]> {
  return q.query(
    `SELECT a.pid, a.application_name, host(a.client_addr) AS client,
            a.backend_start AS connected, a.state, a.state_change AS state_since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
        AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND ((l.classid::bigint << 32) | l.objid::bigint) = ${MIGRATION_LOCK}::bigint`,
  );
}

function when(d: Date | null): string {
  return d ? new Date(d).toISOString() : 'unknown';
}

function described(h: Holder): string {
  const client = h.client ? `from ${h.client}` : 'from a local socket or not visible to this login';
  const name = h.application_name ? `"${h.application_name}"` : 'no application name';
  const state = h.state
    ? `${h.state} since ${when(h.state_since)}`
    : 'state not visible to this login';
  return `PostgreSQL server process ${h.pid} (${name}, ${client}, connected since ${when(h.connected)}, ${state})`;
}

function holdersInWords(list: Holder[]): string {
  if (list.length === 0) return 'the holder is no longer listed (it may be letting go)';
  const idle = list.some((h) => h.state === 'idle');
  return (
    `held by ${list.map(described).join('; ')}` +
    (idle
      ? '. A holder idle for more than a moment is not migrating: if it is a connection pooler (PgBouncer), the lock was left on its server connection by a process that ended'
      : '')
  );
}

const WHAT_TO_CHECK =
  'Check whether another process of this release is migrating (an index built online on a large table takes minutes; docs/operations.md, Upgrades and migrations). ' +
  'If migrations go through PgBouncer in transaction mode, the lock can be left on a pooled server connection by a process that ended: ' +
  'migrate through a direct connection to PostgreSQL (set MIGRATION_DATABASE_URL), and end the holder (SELECT pg_terminate_backend(pid)) or restart PgBouncer. ' +
  'MIGRATION_LOCK_WAIT_SECONDS sets how long to wait.';

/**
 * Takes the migration lock on q's session, asking every quarter second rather than waiting
 * inside a statement (a waiting statement holds a snapshot, which a CREATE INDEX CONCURRENTLY in
 * the holder would wait for: a deadlock). While it waits it says so, naming the holder, after
 * firstNoticeMs and then every noticeEveryMs; after waitSeconds it fails, saying what to check.
 */
export async function takeMigrationLock(
  q: QueryRunner,
  opts: MigrationLockWait = {},
): Promise<void> {
  const waitMs = (opts.waitSeconds ?? DEFAULT_MIGRATION_LOCK_WAIT_SECONDS) * 1000;
  const noticeEvery = opts.noticeEveryMs ?? 60_000;
  const began = performance.now();
  let nextNotice = opts.firstNoticeMs ?? 5_000;
  for (;;) {
    const [{ locked }]: { locked: boolean }[] = await q.query(
      `SELECT pg_try_advisory_lock(${MIGRATION_LOCK}) AS locked`,
    );
    if (locked) return;
    const waited = performance.now() - began;
    if (waited >= waitMs)
      throw new Error(
        `migrations not run: the migration lock was not free after ${Math.round(waited / 1000)} s, ` +
          `${holdersInWords(await holders(q))}. ${WHAT_TO_CHECK}`,
      );
    if (opts.log && waited >= nextNotice) {
      opts.log(
        `waiting for the migration lock (${Math.round(waited / 1000)} s so far, giving up after ${Math.round(waitMs / 1000)} s): ` +
          `${holdersInWords(await holders(q))}`,
      );
      nextNotice = waited + noticeEvery;
    }
    await sleep(250);
  }
}

/** Lets the migration lock go (q's session holds it). */
export async function releaseMigrationLock(q: QueryRunner): Promise<void> {
  await q.query(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);
}
