/**
 * How a process pools its PostgreSQL connections (DATABASE_POOL_SIZE, DATABASE_POOL_IDLE_SECONDS),
 * the same defaults for the servers, the command-line tools, the tests and the benchmarks.
 */
export interface DatabasePool {
  /** Connections open at most. */
  size: number;
  /** Seconds an unused connection stays open; 0: until the process closes the pool. */
  idleSeconds: number;
  /**
   * Seconds a query waits for a connection (a free one, or a new one opened) before it fails:
   * pg-pool's own default waits without end, and a request then hangs (docs/adr/0050).
   */
  waitSeconds: number;
}

/**
 * Five minutes idle, not node-postgres's ten seconds: a connection closed in a pause of a few
 * seconds is opened again by the next request, which then pays the sign-in and both sides' cold
 * caches and plans (docs/adr/0049).
 */
export const DEFAULT_POOL: DatabasePool = { size: 20, idleSeconds: 300, waitSeconds: 10 };
