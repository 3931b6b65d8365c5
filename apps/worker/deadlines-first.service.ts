import { performance } from 'node:perf_hooks';

/**
 * In a worker process, firing due deadlines comes before sending emails. A due deadline is a legal
 * state change (a case escalates, lapses); the emails it queues can follow seconds later. The
 * process's deadline sweep and outbox delivery are separate interval jobs sharing one CPU, and
 * sending the emails the deadlines queued took about half of it while 10,000 deadlines fired
 * (issue #21), so while this process's sweep has a backlog (its last batch came back full: more
 * are likely due) the outbox claims no new batch.
 *
 * Bounded: during a backlog the outbox still takes one batch once it has been held back for
 * `maxDeferMs`, counted from the first time it was held back since its last batch, not from the
 * backlog's start: a sweep whose runs each end their backlog and begin another before the outbox's
 * next tick (two jobs on one interval) would otherwise hold the emails back for good. Each process
 * decides from its own sweep alone: no coordination between workers, and nothing held across a
 * restart (a new process starts with no backlog). `maxDeferMs` 0 turns the ordering off.
 */
export class DeadlinesFirst {
  /** When the sweep's current backlog began (this process's clock), or null when it has none. */
  private backlogSince: number | null = null;
  /** When the outbox was first held back since it last took a batch, or null. */
  private heldSince: number | null = null;

  constructor(
    readonly maxDeferMs: number,
    /** Monotonic milliseconds: the bound is about CPU turns, not the cases' clock. */
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The sweep settled a batch: `full` when it claimed as many rows as it asked for. */
  sweptBatch(full: boolean): void {
    if (!full) this.backlogSince = null;
    else this.backlogSince ??= this.now();
  }

  /** The sweep's run ended (nothing more due to it, or shutdown): no backlog any more. */
  sweepEnded(): void {
    this.backlogSince = null;
  }

  /** Whether the sweep has a backlog now. */
  get backlog(): boolean {
    return this.backlogSince !== null;
  }

  /**
   * Whether the outbox may claim a batch now, without taking the turn. A no starts the bound's
   * count when none has started since the outbox's last batch.
   */
  emailsMayGo(): boolean {
    if (this.backlogSince === null) return true;
    const now = this.now();
    this.heldSince ??= now;
    return now - this.heldSince >= this.maxDeferMs;
  }

  /** Takes the outbox's turn for one batch when it may go (true), else false. */
  takeEmailBatch(): boolean {
    if (!this.emailsMayGo()) return false;
    this.heldSince = null;
    return true;
  }
}
