import type {
  DataSource,
  EntityManager,
  EntitySubscriberInterface,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
  TransactionStartEvent,
} from 'typeorm';

/** What waits for a transaction, and how deep in its savepoints it was when it began to wait. */
type Waiting = { depth: number; then: () => void };

/**
 * What is to follow a transaction once it commits, dropped if it rolls back. TypeORM tells a
 * DataSource's subscribers of each start, commit and rollback of its query runners' transactions,
 * savepoints (a nested transaction) included; the watch counts each runner's depth from those,
 * since TypeORM keeps its own to itself.
 */
class CommitWatch implements EntitySubscriberInterface {
  private readonly depth = new WeakMap<QueryRunner, number>();
  private readonly waiting = new WeakMap<QueryRunner, Waiting[]>();

  keep(m: EntityManager, then: () => void): boolean {
    const runner = m.queryRunner;
    const depth = runner && this.depth.get(runner);
    if (!runner?.isTransactionActive || !depth) return false;
    this.waiting.set(runner, [...(this.waiting.get(runner) ?? []), { depth, then }]);
    return true;
  }

  afterTransactionStart({ queryRunner }: TransactionStartEvent): void {
    this.depth.set(queryRunner, (this.depth.get(queryRunner) ?? 0) + 1);
  }

  afterTransactionCommit({ queryRunner }: TransactionCommitEvent): void {
    const depth = this.ended(queryRunner);
    const waiting = this.waiting.get(queryRunner);
    if (!waiting) return;
    if (queryRunner.isTransactionActive) {
      // A savepoint released: what waited under it now waits for the transaction around it.
      for (const w of waiting) w.depth = Math.min(w.depth, depth);
      return;
    }
    this.waiting.delete(queryRunner);
    for (const w of waiting) w.then();
  }

  afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): void {
    const depth = this.ended(queryRunner);
    const waiting = this.waiting.get(queryRunner);
    if (!waiting) return;
    // Rolled back to a savepoint, what waited from before it still waits; the whole, nothing does.
    const kept = queryRunner.isTransactionActive ? waiting.filter((w) => w.depth <= depth) : [];
    if (kept.length > 0) this.waiting.set(queryRunner, kept);
    else this.waiting.delete(queryRunner);
  }

  /** The runner's depth once one of its transactions or savepoints has ended. */
  private ended(runner: QueryRunner): number {
    const depth = Math.max((this.depth.get(runner) ?? 0) - 1, 0);
    if (depth > 0 && runner.isTransactionActive) this.depth.set(runner, depth);
    else this.depth.delete(runner);
    return depth;
  }
}

const watches = new WeakMap<DataSource, CommitWatch>();

/** Watches `ds`'s transactions from now on (once: openDataSource does it before any begins). */
export function watchCommits(ds: DataSource): void {
  if (watches.has(ds)) return;
  const watch = new CommitWatch();
  watches.set(ds, watch);
  ds.subscribers.push(watch);
}

/**
 * Runs `then` once the transaction `m` is in commits (the whole: a savepoint released is not yet a
 * commit), never if it, or the savepoint `m` was in, rolls back. False, nothing kept, when `m` is in
 * no transaction watched from its start (watchCommits): the caller then does at once what it would.
 */
export function afterCommit(m: EntityManager, then: () => void): boolean {
  return watches.get(m.connection)?.keep(m, then) ?? false;
}
