import { Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';

/**
 * A job run on a @nestjs/schedule interval that never overlaps itself: a slow run makes the next
 * tick skip rather than pile up.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, OnModuleDestroy {
  protected abstract readonly name: string;
  protected abstract run(): Promise<unknown>;
  private running = false;
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly intervalMs: number,
  ) {}

  onApplicationBootstrap(): void {
    const handle = setInterval(() => void this.tick(), this.intervalMs);
    this.registry.addInterval(this.name, handle);
  }

  onModuleDestroy(): void {
    if (this.registry.doesExist('interval', this.name)) this.registry.deleteInterval(this.name);
  }

  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.run();
    } catch (e) {
      this.logger.error(`${this.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.running = false;
    }
  }
}
