import { Module } from '@nestjs/common';
import type { Settings } from '../../../libs/config/settings.service';
import { SETTINGS } from '../../../libs/config/settings.service';
import { BacklogRepository } from '../../../libs/engine/backlog.repository';
import { HealthController } from './health.controller';
import { ShutdownState } from './shutdown-state.service';
import { SmtpProbe } from './smtp-probe.service';

/** /health/live and /health/ready (docs/operations.md). */
@Module({
  controllers: [HealthController],
  providers: [
    BacklogRepository,
    ShutdownState,
    {
      provide: SmtpProbe,
      inject: [SETTINGS],
      useFactory: (s: Settings) => new SmtpProbe(s.SMTP_URL),
    },
  ],
  exports: [ShutdownState, BacklogRepository],
})
export class HealthModule {}
