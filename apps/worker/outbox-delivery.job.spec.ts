import { SchedulerRegistry } from '@nestjs/schedule';
import type { Settings } from '../../libs/config/settings.service';
import type { OutboxDeliveryService } from '../../libs/notifications/outbox-delivery.service';
import { metrics } from '../../libs/operations/metrics.registry';
import { DeadlinesFirst } from './deadlines-first.service';
import { OutboxDeliveryJob } from './outbox-delivery.job';

/** The outbox job's timed runs so far, and its ticks counted as deferred, from the process's metrics. */
async function outboxFigures(): Promise<{ runs: number; deferred: number }> {
  const of = async (metric: string, name: string, labels: Record<string, string>) => {
    const { values } = await metrics.getSingleMetric(metric)!.get();
    const found = values.find(
      (v) =>
        ((v as { metricName?: string }).metricName ?? metric) === name &&
        Object.entries(labels).every(([k, want]) => v.labels[k] === want),
    );
    return found?.value ?? 0;
  };
  const job = 'outbox-delivery';
  const timed = 'ratify_worker_job_duration_seconds';
  return {
    runs: await of(timed, `${timed}_count`, { job, outcome: 'ok' }),
    deferred: await of('ratify_worker_items_total', 'ratify_worker_items_total', {
      job,
      item: 'deferred',
    }),
  };
}

describe('the outbox delivery job while the deadlines go first', () => {
  it('times no run for a tick held back by a backlog of deadlines, counting it as deferred, and times the run that sends', async () => {
    let now = 0;
    const first = new DeadlinesFirst(10_000, () => now);
    const deliverDue = jest.fn(async (_max: number, mayClaim: () => boolean) =>
      mayClaim() ? 3 : 0,
    );
    const job = new OutboxDeliveryJob(
      new SchedulerRegistry(),
      { WORKER_INTERVAL_MS: 1000 } as Settings,
      { deliverDue } as unknown as OutboxDeliveryService,
      first,
    );
    const before = await outboxFigures();
    first.sweptBatch(true);
    await job.tick();
    expect(deliverDue).not.toHaveBeenCalled();
    // Before: the held-back tick was a run of about 0 s, dragging the runs' figures down.
    expect(await outboxFigures()).toEqual({ runs: before.runs, deferred: before.deferred + 1 });
    now = 10_000;
    await job.tick();
    expect(deliverDue).toHaveBeenCalledTimes(1);
    expect(await outboxFigures()).toEqual({ runs: before.runs + 1, deferred: before.deferred + 1 });
    await job.onModuleDestroy();
  });
});
