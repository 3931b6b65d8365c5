import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { ScheduledHandOverUseCase } from '../../libs/directory/use-cases/scheduled-hand-over.use-case';
import { ScheduledCoverUseCase } from '../../libs/directory/absences/scheduled-cover.use-case';
import { IntervalJob } from './interval.job';

/** Every hour, so that an appointment made ahead takes effect within the hour its day begins. */
const HOURLY_MS = 3600_000;

/**
 * Hands open requests to office holders whose holdings begin (or whose stand-ins end) today, to
 * bodies' chairs and vice-chairs whose seats begin today, and to the deputies of absences that
 * begin today.
 */
@Injectable()
export class OfficeHandOverJob extends IntervalJob {
  protected readonly name = 'office-hand-over';

  constructor(
    registry: SchedulerRegistry,
    private readonly scheduled: ScheduledHandOverUseCase,
    private readonly covers: ScheduledCoverUseCase,
  ) {
    super(registry, HOURLY_MS);
  }

  protected async run() {
    // One after the other, each on its own: a hand-over that fails must not keep absences'
    // deputies waiting. A failure is still the run's (logged with its cause) once both had a turn.
    let failure: unknown = null;
    const holders = await this.scheduled.run().catch((e: unknown) => {
      failure = e;
      return { handedOver: [] };
    });
    // Absences recorded ahead begin: their deputies take over (docs/adr/0033).
    const deputies = await this.covers.run();
    if (failure) throw failure;
    return { cases: holders.handedOver.length + deputies.handedOver.length };
  }

  /** The first run at start-up too, so that a worker started on the day does not wait an hour. */
  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    void this.tick();
  }
}
