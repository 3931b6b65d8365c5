import { LifecycleWriter } from './lifecycle-writer.service';
import { PauseCaseUseCase } from './pause-case.use-case';
import { ReassignRoleUseCase } from './reassign-role.use-case';
import { ResumeCaseUseCase } from './resume-case.use-case';
import { RoleReassignmentStep } from './role-reassignment-step.service';
import { WithdrawCaseUseCase } from './withdraw-case.use-case';

/**
 * The lifecycle around every case's workflow (ADR 0012), for the engine's module: absence cover
 * reassigns by RoleReassignmentStep, and ReassignRoleUseCase is given absence cover.
 */
export const LIFECYCLE_PROVIDERS = [
  LifecycleWriter,
  WithdrawCaseUseCase,
  PauseCaseUseCase,
  ResumeCaseUseCase,
  RoleReassignmentStep,
  ReassignRoleUseCase,
];
