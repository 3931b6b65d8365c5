import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { DirectoryRepository } from '../../directory/directory.repository';
import { InvalidInputError } from '../../errors/domain.errors';
import { londonDate } from '../../governance/working-day-calendar.service';
import { RoleBinder } from '../role-binder.service';
import { refuseIfFinished } from './lifecycle.rules';
import {
  EXPECTED_VERSION,
  lifecycleBody,
  LifecycleWriter,
  type LockedCase,
} from './lifecycle-writer.service';
import type { RoleBinding } from '../../governance/authority.service';
import { tenantScope } from '../../core/tenant-scope';
import { AwayHolderCover, type PlannedCover } from './away-holder-cover.service';
import { RoleReassignmentStep } from './role-reassignment-step.service';

export const REASSIGN_BODY = z
  .object({
    expectedVersion: EXPECTED_VERSION,
    holderId: z
      .string({ message: 'choose the office or delegation that takes the role' })
      .uuid('choose the office or delegation that takes the role'),
    reason: z.string().trim().max(2000, 'keep the reason to 2000 characters').optional(),
  })
  .strict();

/**
 * Hands one role of a case, of any template, to another office or delegation (ADR 0012). The role
 * is bound afresh as when the case opened (an office with a holder, a delegation in force for the
 * role's scope); if the case waits for the role, the old holder's open links are voided and the
 * same requests go to the new holder with new links. The machine is not told: authority follows
 * the binding, so the new holder's answer is the role's answer. A new holder already away (ADR
 * 0033) is never asked: in the same transaction absence cover hands the role on to their deputy,
 * who is asked instead, each step on the case's record.
 */
@Injectable()
export class ReassignRoleUseCase {
  private readonly binder: RoleBinder;

  /**
   * `cover` is required: a reassignment to someone already away always goes on to their deputy,
   * whoever builds the use case (Nest, or a test by hand), never silently stopping at them.
   */
  constructor(
    private readonly writer: LifecycleWriter,
    private readonly directory: DirectoryRepository,
    private readonly reassignment: RoleReassignmentStep,
    private readonly cover: AwayHolderCover,
  ) {
    this.binder = new RoleBinder(directory);
  }

  async reassign(caseId: string, role: string, body: unknown, actor: Actor) {
    const { expectedVersion, holderId, reason } = lifecycleBody(
      REASSIGN_BODY,
      body,
      'The reassignment is not valid: fix the fields listed in problems.',
    );
    let planned: PlannedCover[] = [];
    let withheld: { role: string; message: string }[] = [];
    let at = new Date();
    const decide = async (c: LockedCase) => {
      refuseIfFinished(c.row, 'reassigned');
      const before = c.row.roles[role];
      const binding = await this.binder.rebind(
        c.m,
        c.template,
        role,
        holderId,
        c.row.tenantId,
        c.now,
        before,
      );
      if (before && JSON.stringify(before) === JSON.stringify(binding))
        throw new InvalidInputError('The role already has that holder: choose another.', [
          { path: 'holderId', message: 'the role already has that holder' },
        ]);
      planned = await this.deputyFor(c, role, binding);
      at = c.now;
      const step = await this.reassignment.step(c, role, binding, reason ? { reason } : {}, [], {
        withhold: planned.length > 0,
      });
      withheld = (step.payload.withheld as typeof withheld | undefined) ?? [];
      return step;
    };
    return this.writer.record(
      caseId,
      actor,
      expectedVersion,
      'reassign a role of',
      decide,
      (m, d) =>
        planned.length === 0
          ? Promise.resolve(d.version)
          : this.cover
              .reassignNow(m, { tenantId: actor.tenantId, caseId }, planned, withheld, at)
              .then(() => d.version + planned.length),
    );
  }

  /** The role's cover when its new holder is already away with a deputy (ADR 0033), else none. */
  private async deputyFor(
    c: LockedCase,
    role: string,
    binding: RoleBinding,
  ): Promise<PlannedCover[]> {
    const roles = { [role]: binding };
    const holders = await this.directory.roleHolders(
      tenantScope(c.row.tenantId),
      c.m,
      roles,
      c.row.createdBy,
      londonDate(c.now),
      c.template.roleWords,
    );
    const personId = holders[role]?.person?.id;
    if (!personId) return [];
    const planned = await this.cover.coverForRequests(
      c.m,
      { tenantId: c.row.tenantId, roles, template: c.template },
      [personId],
      c.now,
    );
    return planned.filter((p) => p.role === role);
  }
}
