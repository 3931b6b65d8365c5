/** What `WorkGate.run` gives back when no turn came in time: the work was never started. */
export const NO_TURN = Symbol('no turn');

/**
 * At most `atOnce` pieces of work at the same time in this process; the others wait their turn in
 * order. For work whose memory is the work's size times how many run at once (an argon2id check
 * holds its whole memory cost until it ends), so that a burst queues instead of growing the
 * process. A piece still waiting after `maxWaitMs` leaves the queue unstarted and gets NO_TURN,
 * so that its caller can answer "busy" before its own request times out.
 */
export class WorkGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly atOnce: number) {}

  async run<T>(work: () => Promise<T>, maxWaitMs: number): Promise<T | typeof NO_TURN> {
    // Waiting pieces exist only while every turn is taken: a turn that ends is handed straight on.
    if (this.running < this.atOnce) this.running++;
    else if (!(await this.turn(maxWaitMs))) return NO_TURN;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** True when a turn was handed over (the running count passes to this piece as it is). */
  private turn(maxWaitMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const go = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const at = this.waiting.indexOf(go);
        if (at >= 0) this.waiting.splice(at, 1);
        resolve(false);
      }, maxWaitMs);
      this.waiting.push(go);
    });
  }
}
