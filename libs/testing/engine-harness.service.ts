import { DataSource } from 'typeorm';
import { VerifyAuditUseCase } from '../audit/verify-audit.use-case';
import { CaseViewService } from '../engine/case-view.service';
import { ManualClock } from '../core/clock.service';
import { DeadlineSweepService } from '../engine/deadline-sweep.service';
import { OpenCaseUseCase } from '../engine/open-case.use-case';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { CaseRepository } from '../engine/case.repository';
import { DirectoryRepository } from '../directory/directory.repository';
import { AuditRepository } from '../audit/audit.repository';
import type { Clock } from '../core/clock.service';
import type { Settings } from '../config/settings.service';

/** The one path of every change to a case, wired by hand with its repositories as Nest wires it. */
export function sendEventUseCase(
  ds: DataSource,
  clock: Clock,
  settings?: Pick<Settings, 'DATABASE_NAMED_STATEMENTS'>,
): SendEventUseCase {
  return new SendEventUseCase(
    ds,
    clock,
    new CaseRepository(),
    new DirectoryRepository(),
    new AuditRepository(),
    undefined,
    settings,
  );
}

/** The engine's services wired by hand on a test database, with a clock the test drives. */
export function engineHarness(ds: DataSource, start = '2021-10-01T09:00:00Z') {
  const clock = new ManualClock(new Date(start));
  const send = sendEventUseCase(ds, clock);
  return {
    clock,
    send,
    open: new OpenCaseUseCase(ds, clock),
    views: new CaseViewService(ds, clock),
    sweep: new DeadlineSweepService(ds, clock, send),
    audit: new VerifyAuditUseCase(ds),
  };
}
