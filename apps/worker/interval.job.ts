import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { inTenantScope } from '../../libs/core/tenant-context.service';
import { recordJobDeferred, recordJobRun } from '../../libs/operations/metrics.registry';

/**
 * A job run on a @nestjs/schedule interval that never overlaps itself: a slow run makes the next
 * tick skip rather than pile up. On shutdown no new run starts and the one running is waited for,
 * so that a claimed deadline or email is settled (or its claim left to expire) before the pool
 * closes.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, OnModuleDestroy {
  protected abstract readonly name: string;
  /** What the run carried out, counted by item (for metrics), or nothing. */
  protected abstract run(): Promise<Record<string, number> | number | void>;
  /**
   * Whether this tick is held back (another job goes first): no run then, and none timed, so that
   * the runs' durations are those of work done, not of ticks skipped; it is counted as deferred.
   */
  protected heldBack(): boolean {
    return false;
  }
  private current: Promise<void> | null = null;
  private stopped = false;

  /** Shutdown has begun: a run that loops over more work stops at its next step. */
  protected get stopping(): boolean {
    return this.stopped;
  }
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    const handle = setInterval(() => void this.tick(), this.intervalMs);
    this.registry.addInterval(this.name, handle);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.registry.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
    await this.current;
  }

  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    // In a scope of its own, bound to no council: a run binds each council it works for, or
    // sweeps across them out loud (ADR 0015); a query it forgot to bind is refused.
    this.current ??= inTenantScope(() => this.runOnce()).finally(() => (this.current = null));
    return this.current;
  }

  private async runOnce(): Promise<void> {
    if (this.heldBack()) {
      recordJobDeferred(this.name);
      return;
    }
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const done = await this.run();
      const items = typeof done === 'number' ? { done } : (done ?? {});
      recordJobRun(this.name, seconds(), 'ok', items);
    } catch (e) {
      recordJobRun(this.name, seconds(), 'failed');
      this.logger.error(`${this.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
