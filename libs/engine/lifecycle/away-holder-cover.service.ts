import type { EntityManager } from 'typeorm';
import type { RoleBinding } from '../../governance/authority.service';
import type { WorkflowTemplate } from '../../workflows/workflow.template';

/** A role a deputy takes for a person already away, found before the request is made. */
export interface PlannedCover {
  role: string;
  personId: string;
  binding: RoleBinding;
  record: Record<string, unknown>;
}

/**
 * Absence cover as the steps that give a role a new holder ask it (ADR 0033): a role reassigned by
 * an officer, or an office handed over, to someone already away goes to their deputy in the same
 * transaction, not at the worker's next hourly run. Declared here so that the lifecycle and the
 * hand-over, which absence cover itself builds on, do not depend on it
 * (libs/engine/absence-cover.service.ts implements it).
 */
export abstract class AwayHolderCover {
  /** Which of `c.roles` the deputies of `personIds` (if away today) take, and how. */
  abstract coverForRequests(
    m: EntityManager,
    c: { tenantId: string; roles: Record<string, RoleBinding>; template: WorkflowTemplate },
    personIds: string[],
    now: Date,
  ): Promise<PlannedCover[]>;

  /** The planned roles reassigned to the deputies, `pending` requests sent to them. */
  abstract reassignNow(
    m: EntityManager,
    c: { tenantId: string; caseId: string },
    planned: PlannedCover[],
    pending: { role: string; message: string }[],
    now: Date,
  ): Promise<void>;
}
