/** What `WorkGate.run` gives back when no turn came in time: the work was never started. */
export const NO_TURN = Symbol('no turn');

/**
 * What a piece does once it has waited `maxWaitMs`: leave the queue unstarted (NO_TURN), or go to
 * its head, before those that came earlier, and start as soon as the turns it needs are free.
 */
export type AfterWait = 'give up' | 'go first';

interface Waiting {
  turns: number;
  go: () => void;
  /** Moved to the head of the queue after its wait ('go first'). */
  first?: boolean;
}

/**
 * At most `atOnce` turns taken at the same time in this process; the others wait theirs in order.
 * For work whose memory is the work's size times how many run at once (an argon2id check holds its
 * whole memory cost until it ends), so that a burst queues instead of growing the process. A piece
 * takes one turn, or more when it holds as much memory as several (the diagram layout worker takes
 * them all, ADR 0046). A piece still waiting after `maxWaitMs` leaves the queue unstarted and gets
 * NO_TURN, so that its caller can answer "busy" before its own request times out; or, when it must
 * be done all the same, goes to the head of the queue (ADR 0047): it then waits only for the pieces
 * running to end, and still never runs beside more turns than `atOnce`.
 */
export class WorkGate {
  private taken = 0;
  private readonly waiting: Waiting[] = [];
  private readonly watchers = new Set<() => void>();

  constructor(readonly atOnce: number) {}

  async run<T>(
    work: () => Promise<T>,
    maxWaitMs: number,
    turns = 1,
    afterWait: AfterWait = 'give up',
  ): Promise<T | typeof NO_TURN> {
    const need = Math.min(Math.max(1, Math.floor(turns)), this.atOnce);
    // In order: nothing starts past a piece already waiting, even one waiting for more turns.
    if (this.waiting.length === 0 && this.taken + need <= this.atOnce) this.taken += need;
    else if (!(await this.turn(maxWaitMs, need, afterWait))) return NO_TURN;
    try {
      return await work();
    } finally {
      this.taken -= need;
      this.handOn();
    }
  }

  /**
   * Calls `then` once, when a piece is waiting (at once if one is already): for a piece holding
   * turns for long (the layout worker, ADR 0046) to give them back rather than starve those behind
   * it. The returned function forgets `then` uncalled.
   */
  onWaiting(then: () => void): () => void {
    if (this.waiting.length > 0) {
      then();
      return () => undefined;
    }
    this.watchers.add(then);
    return () => this.watchers.delete(then);
  }

  /** How many waiting pieces have gone to the head of the queue after their wait (specs). */
  wentFirst(): number {
    return this.waiting.filter((w) => w.first).length;
  }

  /** Starts the waiting pieces at the head of the queue whose turns are free. */
  private handOn(): void {
    while (this.waiting.length > 0 && this.taken + this.waiting[0].turns <= this.atOnce) {
      const next = this.waiting.shift()!;
      this.taken += next.turns;
      next.go();
    }
  }

  /** True when the piece's turns were taken for it (counted in `taken` already). */
  private turn(maxWaitMs: number, turns: number, afterWait: AfterWait): Promise<boolean> {
    return new Promise((resolve) => {
      const waiting: Waiting = {
        turns,
        go: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(waiting);
        if (at >= 0) this.waiting.splice(at, 1);
        if (afterWait === 'go first' && at >= 0) {
          // Behind those that went first before it, ahead of every piece still in line.
          waiting.first = true;
          const head = this.waiting.findIndex((w) => !w.first);
          this.waiting.splice(head < 0 ? this.waiting.length : head, 0, waiting);
          this.handOn();
          return;
        }
        resolve(false);
        // A piece that gave up at the head may have held back smaller ones behind it.
        this.handOn();
      }, maxWaitMs);
      this.waiting.push(waiting);
      const watchers = [...this.watchers];
      this.watchers.clear();
      for (const w of watchers) w();
    });
  }
}
