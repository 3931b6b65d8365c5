import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import type { Settings } from '../../libs/config/settings.service';
import { DeadlineSweepService } from '../../libs/engine/deadline-sweep.service';
import { SETTINGS } from '../../libs/engine/engine.module';
import { IntervalJob } from './interval.job';

/** Fires due deadlines and reminders through the engine's send path. */
@Injectable()
export class DeadlineSweepJob extends IntervalJob {
  protected readonly name = 'deadline-sweep';

  constructor(
    registry: SchedulerRegistry,
    @Inject(SETTINGS) settings: Settings,
    private readonly sweep: DeadlineSweepService,
  ) {
    super(registry, settings.WORKER_INTERVAL_MS);
  }

  protected async run() {
    const { fired, stale } = await this.sweep.sweep();
    return { fired, stale };
  }
}
