import { SchedulerRegistry } from '@nestjs/schedule';
import type { Settings } from '../../libs/config/settings.service';
import type { DeadlineSweepService } from '../../libs/engine/deadline-sweep.service';
import { DeadlineSweepJob } from './deadline-sweep.job';
import { DeadlinesFirst } from './deadlines-first.service';

/** A sweep that settles one full batch and then fails (the database gone, say). */
function sweepFailingAfterAFullBatch(): DeadlineSweepService {
  return {
    sweep: (_max: number, _batch: number, onBatch: (full: boolean) => void) => {
      onBatch(true);
      return Promise.reject(new Error('connection terminated'));
    },
  } as unknown as DeadlineSweepService;
}

describe('the deadline sweep job and its outbox', () => {
  it('leaves no backlog when its run fails after a full batch: the outbox is not held back', async () => {
    const now = 0;
    const first = new DeadlinesFirst(10_000, () => now);
    const job = new DeadlineSweepJob(
      new SchedulerRegistry(),
      { WORKER_INTERVAL_MS: 1000 } as Settings,
      sweepFailingAfterAFullBatch(),
      first,
    );
    await job.tick();
    expect(first.backlog).toBe(false);
    expect(first.takeEmailBatch()).toBe(true);
    await job.onModuleDestroy();
  });
});
