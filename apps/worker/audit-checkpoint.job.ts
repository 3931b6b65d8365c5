import { Inject, Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { MakeCheckpointUseCase } from '../../libs/audit/make-checkpoint.use-case';
import { SETTINGS, type Settings } from '../../libs/config/settings.service';
import { IntervalJob } from './interval.job';

/** Every AUDIT_CHECKPOINT_MINUTES: a signed checkpoint of each council whose chains moved (libs/audit). */
@Injectable()
export class AuditCheckpointJob extends IntervalJob {
  protected readonly name = 'audit-checkpoint';

  constructor(
    registry: SchedulerRegistry,
    private readonly checkpoints: MakeCheckpointUseCase,
    @Inject(SETTINGS) settings: Settings,
  ) {
    super(registry, settings.AUDIT_CHECKPOINT_MINUTES * 60_000);
  }

  protected async run() {
    return { made: await this.checkpoints.makeAll() };
  }
}
