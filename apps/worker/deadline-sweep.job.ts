import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Settings } from '../../libs/config/settings.service';
import { DeadlineSweepService } from '../../libs/engine/deadline-sweep.service';
import { SETTINGS } from '../../libs/engine/engine.module';
import { DeadlinesFirst } from './deadlines-first.service';
import { IntervalJob } from './interval.job';

/** The rows one sweep may settle before it returns (DeadlineSweepService.sweep's bound). */
const SWEEP_ROWS = 500;
/** The rows one of its transactions claims and settles. */
const BATCH_ROWS = 50;

/** Fires due deadlines and reminders through the engine's send path. */
@Injectable()
export class DeadlineSweepJob extends IntervalJob {
  protected readonly name = 'deadline-sweep';

  constructor(
    registry: SchedulerRegistry,
    @Inject(SETTINGS) settings: Settings,
    private readonly sweep: DeadlineSweepService,
    private readonly first: DeadlinesFirst,
  ) {
    super(registry, settings.WORKER_INTERVAL_MS);
  }

  /**
   * Sweeps again at once while a sweep settles as many rows as it may (more are likely due),
   * rather than idling until the next tick (half a tick on average after every 500 rows, issue
   * #21); shutdown stops it between batches (the one claimed is settled, no other claimed). A sweep whose
   * rows came back busy (a person changing the case) leaves them for the next tick. Each full
   * batch tells this process's outbox to wait (DeadlinesFirst); the run's end lets it go.
   */
  protected async run() {
    const total = { fired: 0, stale: 0 };
    const batch = (full: boolean) => this.first.sweptBatch(full);
    try {
      for (;;) {
        const { fired, stale } = await this.sweep.sweep(
          SWEEP_ROWS,
          BATCH_ROWS,
          batch,
          () => !this.stopping,
        );
        total.fired += fired;
        total.stale += stale;
        if (fired + stale < SWEEP_ROWS || this.stopping) return total;
      }
    } finally {
      this.first.sweepEnded();
    }
  }
}
