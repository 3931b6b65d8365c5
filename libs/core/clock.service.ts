import { readFileSync } from 'node:fs';

/**
 * The only source of "now" in domain code, injected everywhere so that tests drive time.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock the test sets by hand. */
export class ManualClock extends Clock {
  constructor(private current: Date) {
    super();
  }
  now(): Date {
    return new Date(this.current.getTime());
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * Reads the time from a file on every call, so that a test can drive the clocks of several worker
 * processes at once (RATIFY_CLOCK_FILE). Never used unless that setting is given.
 */
export class FileClock extends Clock {
  constructor(private readonly path: string) {
    super();
  }
  now(): Date {
    const at = new Date(readFileSync(this.path, 'utf8').trim());
    if (Number.isNaN(at.getTime()))
      throw new Error(`RATIFY_CLOCK_FILE ${this.path} does not hold an ISO 8601 time`);
    return at;
  }
}
