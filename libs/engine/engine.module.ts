import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { VerifyAuditUseCase } from '../audit/verify-audit.use-case';
import { CheckpointKey } from '../audit/checkpoint-key.service';
import { MakeCheckpointUseCase } from '../audit/make-checkpoint.use-case';
import type { Settings } from '../config/settings.service';
import { LinkTokens } from '../links/link-token.service';
import { OutboxDeliveryService } from '../notifications/outbox-delivery.service';
import { CaseReadPolicy } from './case-read-policy.service';
import { CaseViewService } from './case-view.service';
import { Clock } from '../core/clock.service';
import { DeadlineSweepService } from './deadline-sweep.service';
import { DeadlineSweepRepository } from './deadline-sweep.repository';
import { OfficeHandOver } from '../directory/office-hand-over.service';
import { SeatHandOver } from '../directory/seat-hand-over.service';
import { HandOverRequestsService } from './hand-over-requests.service';
import { HandOverRequestsRepository } from './hand-over-requests.repository';
import { EffectRowsRepository } from './effect-rows.repository';
import { CoverHandOver } from '../directory/absences/cover-hand-over.service';
import { AbsenceCoverService } from './absence-cover.service';
import { AwayHolderCover } from './lifecycle/away-holder-cover.service';
import { OpenCaseUseCase } from './open-case.use-case';
import { SendEventUseCase } from './send-event.use-case';
import { CaseReadersRepository } from './case-readers.repository';
import { CaseViewRepository } from './case-view.repository';
import { CaseSearchRepository } from './case-search.repository';
import { CaseReferenceRepository } from './case-reference.repository';
import { CaseRepository } from './case.repository';
import { SendReadRepository } from './send-read.repository';
import { LifecycleRepository } from './lifecycle/lifecycle.repository';
import { LIFECYCLE_PROVIDERS } from './lifecycle/lifecycle.providers';
import { DirectoryModule } from '../directory/directory.module';
import { AuditModule } from '../audit/audit.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OutboxRepository } from '../notifications/outbox.repository';
import { calendarYearsOf, SETTINGS } from '../config/settings.service';
import { setCalendarYears } from '../governance/working-day-calendar.service';

export { SETTINGS };

export interface EngineOptions {
  dataSource: DataSource;
  clock: Clock;
  settings: Settings;
  /** Derives action-link tokens; API and worker processes must share its secret. */
  links?: LinkTokens;
  /** Signs audit checkpoints; kept outside the database (AUDIT_SIGNING_KEY_FILE). */
  checkpointKey?: CheckpointKey;
  /** Test-only fault injection for the crash-safety test. */
  crashBeforeEffect?: boolean;
}

/** The engine and everything it needs, shared by the API and the worker. */
@Global()
@Module({})
export class EngineModule {
  static forRoot(o: EngineOptions): DynamicModule {
    // The calendar's years bound every date rule in the process; they come from the settings
    // before anything validates a date.
    setCalendarYears(calendarYearsOf(o.settings));
    const providers = [
      { provide: DataSource, useValue: o.dataSource },
      { provide: Clock, useValue: o.clock },
      { provide: SETTINGS, useValue: o.settings },
      { provide: LinkTokens, useValue: o.links ?? LinkTokens.ephemeral() },
      CaseRepository,
      SendReadRepository,
      CaseSearchRepository,
      CaseReferenceRepository,
      CaseReadersRepository,
      CaseViewRepository,
      LifecycleRepository,
      ...LIFECYCLE_PROVIDERS,
      SendEventUseCase,
      OpenCaseUseCase,
      CaseViewService,
      CaseReadPolicy,
      DeadlineSweepService,
      DeadlineSweepRepository,
      VerifyAuditUseCase,
      { provide: CheckpointKey, useValue: o.checkpointKey ?? CheckpointKey.ephemeral() },
      MakeCheckpointUseCase,
      HandOverRequestsRepository,
      EffectRowsRepository,
      // An office's new holder takes over its open cases' requests (the directory's use cases ask).
      { provide: OfficeHandOver, useClass: HandOverRequestsService },
      // So does a body's new chair or vice-chair, the cases bound to the seat (the same service).
      { provide: SeatHandOver, useExisting: OfficeHandOver },
      // An absence's deputy takes over the person's open cases' roles (docs/adr/0033).
      AbsenceCoverService,
      { provide: CoverHandOver, useExisting: AbsenceCoverService },
      // A role or office given to someone already away goes to their deputy at once (ADR 0033).
      { provide: AwayHolderCover, useExisting: AbsenceCoverService },
      {
        provide: OutboxDeliveryService,
        inject: [DataSource, Clock, LinkTokens, OutboxRepository],
        useFactory: (ds: DataSource, clock: Clock, links: LinkTokens, outbox: OutboxRepository) =>
          new OutboxDeliveryService(ds, clock, links, outbox, {
            smtpUrl: o.settings.SMTP_URL,
            from: o.settings.MAIL_FROM,
            publicOrigin: o.settings.PUBLIC_ORIGIN,
            crashBeforeEffect: o.crashBeforeEffect,
          }),
      },
    ];
    // The repositories of the libraries beneath, provided once for every module (this one is global).
    const libraries = [DirectoryModule, AuditModule, NotificationsModule];
    return {
      module: EngineModule,
      imports: libraries,
      providers,
      exports: [...libraries, ...providers.map((p) => ('provide' in p ? p.provide : p))],
    };
  }
}
