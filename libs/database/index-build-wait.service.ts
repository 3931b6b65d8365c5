import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a migration waits for another session's build of its index, unless told. */
export const DEFAULT_INDEX_BUILD_WAIT_SECONDS = 21_600;

/** How a migration's online index build waits for another session's build of the same index. */
export interface IndexBuildWait {
  /** Where the wait is said: the process's log. Unset: said nowhere. */
  log?: (line: string) => void;
  /** How long to wait before failing (seconds; INDEX_BUILD_WAIT_SECONDS). */
  waitSeconds?: number;
  /** When the wait is first said (ms after it began), then how often again. */
  firstNoticeMs?: number;
  noticeEveryMs?: number;
  /** How often the catalogue is read again while waiting (ms). */
  pollMs?: number;
}

/** Another session's build of the index, as pg_stat_progress_create_index shows it. */
export interface BuildElsewhere {
  pid: number;
  /** CREATE INDEX CONCURRENTLY, REINDEX CONCURRENTLY…; null once its progress has ended. */
  command: string | null;
  /** The index it builds (a REINDEX CONCURRENTLY's `_ccnew`); null before it exists. */
  index: string | null;
  phase: string;
  blocksDone: string | null;
  blocksTotal: string | null;
  tuplesDone: string | null;
  tuplesTotal: string | null;
}

/** A session holding a lock on the table that the drop of an INVALID index waits for. */
export interface LockHolder {
  pid: number;
  mode: string;
}

/** What the wait is for: a build seen, or a lock on the table that the drop could not have. */
export type Holdup = { build: BuildElsewhere } | { lockHolders: LockHolder[] };

function progressOf(b: BuildElsewhere): string {
  const of = (done: string | null, total: string | null, what: string) =>
    total !== null && total !== '0' ? `, ${what} ${done ?? '0'} of ${total}` : '';
  const what = [b.command, b.index && `index ${b.index}`].filter(Boolean).join(' of ');
  return (
    `${b.phase}${of(b.blocksDone, b.blocksTotal, 'blocks')}${of(b.tuplesDone, b.tuplesTotal, 'tuples')}` +
    ` (PostgreSQL server process ${b.pid}${what ? `: ${what}` : ''})`
  );
}

function holdupInWords(h: Holdup, name: string): string {
  if ('build' in h)
    return h.build.index === null ||
      h.build.index === name ||
      h.build.command !== 'CREATE INDEX CONCURRENTLY'
      ? `is being built by another session: ${progressOf(h.build)}`
      : `waits for another session's index build on its table: ${progressOf(h.build)}`;
  const who = h.lockHolders.length
    ? h.lockHolders.map((l) => `PostgreSQL server process ${l.pid} (${l.mode})`).join(', ')
    : 'a session no longer listed';
  return (
    `is INVALID and its drop waits for a lock on its table held by ${who}: ` +
    'a build of it that this login may not see, a VACUUM, or another index build or drop'
  );
}

/**
 * One build's wait for other sessions: it says, after firstNoticeMs and then every
 * noticeEveryMs, what it waits for and how far that build has got; after waitSeconds it fails
 * with what to do. The wait is in this process, not in a statement: a statement that waited
 * would hold a snapshot, which the other build's last phase waits for.
 */
export class IndexBuildWaiting {
  private readonly began = performance.now();
  private nextNotice: number;
  private readonly waitMs: number;

  constructor(
    private readonly index: { name: string; table: string },
    private readonly wait: IndexBuildWait,
  ) {
    this.nextNotice = wait.firstNoticeMs ?? 5_000;
    this.waitMs = (wait.waitSeconds ?? DEFAULT_INDEX_BUILD_WAIT_SECONDS) * 1000;
  }

  /** Says the wait when due, fails past the bound, else sleeps before the next look. */
  async pause(holdup: Holdup): Promise<void> {
    const waited = performance.now() - this.began;
    const { name, table } = this.index;
    const bound = Math.round(this.waitMs / 1000);
    if (waited >= this.waitMs) {
      const pid = 'build' in holdup ? holdup.build.pid : (holdup.lockHolders[0]?.pid ?? '<pid>');
      throw new Error(
        `migration stopped: index ${name} on ${table} ${holdupInWords(holdup, name)}, after ${Math.round(waited / 1000)} s of waiting ` +
          `(INDEX_BUILD_WAIT_SECONDS is ${bound}). Nothing of this migration was built or dropped. Either let that session ` +
          `finish (watch it in pg_stat_progress_create_index, docs/operations.md, Upgrades and migrations) and start again: ` +
          `a valid index is kept; or end it (SELECT pg_cancel_backend(${pid})) and start again: the INVALID index it leaves ` +
          'is dropped and built again. Or set INDEX_BUILD_WAIT_SECONDS longer.',
      );
    }
    if (this.wait.log && waited >= this.nextNotice) {
      this.wait.log(
        `waiting for index ${name} on ${table} (${Math.round(waited / 1000)} s so far, giving up after ${bound} s): ` +
          `it ${holdupInWords(holdup, name)}`,
      );
      this.nextNotice = waited + (this.wait.noticeEveryMs ?? 60_000);
    }
    await sleep(this.wait.pollMs ?? 1_000);
  }
}
