import { DataSource } from 'typeorm';
import { VerifyAuditUseCase } from '../audit/verify-audit.use-case';
import { CaseViewService } from '../engine/case-view.service';
import { CaseViewRepository } from '../engine/case-view.repository';
import { EffectRowsRepository } from '../engine/effect-rows.repository';
import { ManualClock } from '../core/clock.service';
import { DeadlineSweepService } from '../engine/deadline-sweep.service';
import { DeadlineSweepRepository } from '../engine/deadline-sweep.repository';
import { OpenCaseUseCase } from '../engine/open-case.use-case';
import { SendEventUseCase } from '../engine/send-event.use-case';
import { CaseRepository } from '../engine/case.repository';
import { CaseReferenceRepository } from '../engine/case-reference.repository';
import { AbsenceCoverService } from '../engine/absence-cover.service';
import { LifecycleRepository } from '../engine/lifecycle/lifecycle.repository';
import { LifecycleWriter } from '../engine/lifecycle/lifecycle-writer.service';
import { ReassignRoleUseCase } from '../engine/lifecycle/reassign-role.use-case';
import { RoleReassignmentStep } from '../engine/lifecycle/role-reassignment-step.service';
import { DirectoryRepository } from '../directory/directory.repository';
import { BodyRepository } from '../directory/body.repository';
import { AbsenceRepository } from '../directory/absences/absence.repository';
import { AuditRepository } from '../audit/audit.repository';
import { LinkTokens } from '../links/link-token.service';
import type { Clock } from '../core/clock.service';
import type { Settings } from '../config/settings.service';

/** The lifecycle's one write path (ADR 0012), wired by hand as Nest wires it. */
export function lifecycleWriter(ds: DataSource, clock: Clock): LifecycleWriter {
  return new LifecycleWriter(
    ds,
    clock,
    new LifecycleRepository(),
    new CaseRepository(),
    new AuditRepository(),
  );
}

/** The step that hands a role of a locked case to a new holder, wired by hand as Nest wires it. */
export function roleReassignmentStep(
  links: LinkTokens = LinkTokens.ephemeral(),
): RoleReassignmentStep {
  return new RoleReassignmentStep(
    new LifecycleRepository(),
    new DirectoryRepository(),
    new EffectRowsRepository(),
    links,
  );
}

/** An absence's deputy taking over the roles of open cases (ADR 0033), wired by hand. */
export function absenceCoverService(
  ds: DataSource,
  clock: Clock,
  links: LinkTokens = LinkTokens.ephemeral(),
): AbsenceCoverService {
  return new AbsenceCoverService(
    new AbsenceRepository(),
    new CaseRepository(),
    new DirectoryRepository(),
    lifecycleWriter(ds, clock),
    roleReassignmentStep(links),
  );
}

/**
 * A role handed to another office or delegation, wired by hand as Nest wires it: with absence
 * cover, so a new holder already away hands the role on to their deputy as in the app.
 */
export function reassignRoleUseCase(
  ds: DataSource,
  clock: Clock,
  links: LinkTokens = LinkTokens.ephemeral(),
): ReassignRoleUseCase {
  return new ReassignRoleUseCase(
    lifecycleWriter(ds, clock),
    new DirectoryRepository(),
    roleReassignmentStep(links),
    absenceCoverService(ds, clock, links),
  );
}

/** The one path of every change to a case, wired by hand with its repositories as Nest wires it. */
export function sendEventUseCase(
  ds: DataSource,
  clock: Clock,
  settings?: Pick<Settings, 'DATABASE_NAMED_STATEMENTS'>,
): SendEventUseCase {
  const links = LinkTokens.ephemeral();
  return new SendEventUseCase(
    ds,
    clock,
    new CaseRepository(),
    new DirectoryRepository(),
    new AuditRepository(),
    new BodyRepository(),
    absenceCoverService(ds, clock, links),
    new EffectRowsRepository(),
    links,
    settings,
  );
}

/** A case opened, wired by hand with its repositories as Nest wires it. */
export function openCaseUseCase(ds: DataSource, clock: Clock): OpenCaseUseCase {
  const links = LinkTokens.ephemeral();
  return new OpenCaseUseCase(
    ds,
    clock,
    new CaseRepository(),
    new CaseReferenceRepository(),
    new DirectoryRepository(),
    new AuditRepository(),
    absenceCoverService(ds, clock, links),
    new EffectRowsRepository(),
    links,
  );
}

/** What a case's page and the API show of it, wired by hand. */
export function caseViewService(ds: DataSource, clock: Clock): CaseViewService {
  return new CaseViewService(
    ds,
    clock,
    new CaseRepository(),
    new DirectoryRepository(),
    new CaseViewRepository(),
  );
}

/** The engine's services wired by hand on a test database, with a clock the test drives. */
export function engineHarness(ds: DataSource, start = '2021-10-01T09:00:00Z') {
  const clock = new ManualClock(new Date(start));
  const send = sendEventUseCase(ds, clock);
  return {
    clock,
    send,
    open: openCaseUseCase(ds, clock),
    views: caseViewService(ds, clock),
    sweep: new DeadlineSweepService(
      ds,
      clock,
      send,
      new CaseRepository(),
      new DeadlineSweepRepository(),
    ),
    audit: new VerifyAuditUseCase(ds, new AuditRepository()),
  };
}
