import { Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { z } from 'zod';
import type { Actor } from '../../core/actor.dto';
import { DirectoryRepository } from '../../directory/directory.repository';
import { InvalidInputError } from '../../errors/domain.errors';
import { londonDate } from '../../governance/working-day-calendar.service';
import { LinkTokens } from '../../links/link-token.service';
import { EffectPlanner } from '../effect-planner.service';
import { RoleBinder } from '../role-binder.service';
import { refuseIfFinished } from './lifecycle.rules';
import { LifecycleRepository } from './lifecycle.repository';
import {
  EXPECTED_VERSION,
  lifecycleBody,
  LifecycleWriter,
  type LifecycleStep,
  type LockedCase,
} from './lifecycle-writer.service';
import type { RoleBinding } from '../../governance/authority.service';
import { tenantScope } from '../../core/tenant-scope';
import { AwayHolderCover, type PlannedCover } from './away-holder-cover.service';

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
  private readonly planner: EffectPlanner;

  constructor(
    private readonly writer: LifecycleWriter,
    private readonly lifecycle: LifecycleRepository,
    private readonly directory: DirectoryRepository,
    @Optional() links?: LinkTokens,
    @Optional() private readonly modules?: ModuleRef,
  ) {
    this.binder = new RoleBinder(directory);
    this.planner = new EffectPlanner(links ?? LinkTokens.ephemeral());
  }

  /**
   * Absence cover, found when a reassignment asks it: absence cover reassigns through this use
   * case, so it cannot be given to it when both are made (a cycle); without the engine's module
   * (a test's own use case) there is none.
   */
  private get cover(): AwayHolderCover | undefined {
    return this.modules?.get(AwayHolderCover, { strict: false });
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
      const step = await this.step(c, role, binding, reason ? { reason } : {}, [], {
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
        planned.length === 0 || !this.cover
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
    if (!this.cover) return [];
    const roles = { [role]: binding };
    const holders = await this.directory.roleHolders(
      tenantScope(c.row.tenantId),
      c.m,
      roles,
      c.row.createdBy,
      londonDate(c.now),
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

  /**
   * The reassignment of `role` to `binding` on a locked case, as the officer's form and absence
   * cover (libs/engine/absence-cover.service.ts) both take it: the old holder's links voided, the
   * same requests to the new holder with new links. `more` goes on the record with it; `pending`
   * are requests the step just taken made to the role and never sent to its old holder (a person
   * already away: absence cover), sent to the new holder with the rest. With `withhold` (the new
   * holder is away) nobody is asked: the requests go on the record as withheld, for their deputy.
   */
  async step(
    c: LockedCase,
    role: string,
    binding: RoleBinding,
    more: Record<string, unknown>,
    pending: string[] = [],
    opts: { withhold?: boolean } = {},
  ): Promise<LifecycleStep> {
    const today = londonDate(c.now);
    const before = c.row.roles[role];
    const roles = { ...c.row.roles, [role]: binding };
    // One after another: c.m is the case's transaction, one connection running one query at a time.
    const oldHolders = await this.directory.roleHolders(
      tenantScope(c.row.tenantId),
      c.m,
      c.row.roles,
      c.row.createdBy,
      today,
    );
    const holders = await this.directory.roleHolders(
      tenantScope(c.row.tenantId),
      c.m,
      roles,
      c.row.createdBy,
      today,
    );
    const awaited = c.described.awaiting.includes(role);
    const asked = awaited
      ? await this.lifecycle.openRequests(c.scope, c.m, c.row.id, role, c.template.requestMessages)
      : [];
    const requests = [
      ...asked,
      ...pending.filter((p) => !asked.some((r) => r.message === p)).map((message) => ({ message })),
    ];
    const open = await this.lifecycle.openLinks(c.scope, c.m, c.row.id, [role]);
    const awaitingPersonIds = [
      ...new Set(
        c.described.awaiting.flatMap((r) => (holders[r]?.person ? [holders[r].person.id] : [])),
      ),
    ];
    const who = (h: (typeof holders)[string] | undefined) => ({
      actingAs: h?.actingAs ?? '',
      person: h?.person?.name ?? null,
    });
    return {
      type: 'ROLE_REASSIGNED',
      payload: {
        role,
        label: c.template.roles[role]?.label ?? role,
        ...more,
        from: { binding: before ?? null, ...who(oldHolders[role]) },
        to: { binding, ...who(holders[role]) },
        requests: opts.withhold ? [] : requests.map((r) => ({ role, message: r.message })),
        ...(opts.withhold ? { withheld: requests.map((r) => ({ role, message: r.message })) } : {}),
        linksVoided: open.length,
      },
      awaitingPersonIds,
      apply: async (m, version) => {
        await this.lifecycle.setRoles(c.scope, m, c.row.id, roles);
        await this.lifecycle.voidLinks(
          c.scope,
          m,
          open.map((l) => l.id),
          c.now,
          'the role was reassigned',
        );
        if (opts.withhold) return;
        await this.planner.reissue(
          m,
          requests.map((r) => ({ message: r.message, role })),
          {
            tenantId: c.row.tenantId,
            caseId: c.row.id,
            caseTitle: c.row.title,
            version,
            now: c.now,
            holders,
            template: c.template,
            context: c.context,
            awaiting: c.described.awaiting,
          },
        );
      },
    };
  }
}
