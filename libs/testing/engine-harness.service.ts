import { DataSource } from 'typeorm';
import { VerifyAuditUseCase } from '../audit/verify-audit.use-case';
import { CaseViewService } from '../engine/case-view.service';
import { ManualClock } from '../core/clock.service';
import { DeadlineSweepService } from '../engine/deadline-sweep.service';
import { OpenCaseUseCase } from '../engine/open-case.use-case';
import { SendEventUseCase } from '../engine/send-event.use-case';

/** The engine's services wired by hand on a test database, with a clock the test drives. */
export function engineHarness(ds: DataSource, start = '2021-10-01T09:00:00Z') {
  const clock = new ManualClock(new Date(start));
  const send = new SendEventUseCase(ds, clock);
  return {
    clock,
    send,
    open: new OpenCaseUseCase(ds, clock),
    views: new CaseViewService(ds, clock),
    sweep: new DeadlineSweepService(ds, clock, send),
    audit: new VerifyAuditUseCase(ds),
  };
}
