import { Injectable, Optional } from '@nestjs/common';
import { DirectoryRepository } from '../../directory/directory.repository';
import type { RoleBinding } from '../../governance/authority.service';
import { londonDate } from '../../governance/working-day-calendar.service';
import { LinkTokens } from '../../links/link-token.service';
import { tenantScope } from '../../core/tenant-scope';
import { EffectPlanner } from '../effect-planner.service';
import { EffectRowsRepository } from '../effect-rows.repository';
import { LifecycleRepository } from './lifecycle.repository';
import type { LifecycleStep, LockedCase } from './lifecycle-writer.service';

/**
 * One role of a locked case handed to a new holder, as a step on its record (ROLE_REASSIGNED):
 * what the officer's reassignment (reassign-role.use-case.ts) and absence cover
 * (libs/engine/absence-cover.service.ts) both record. Its own provider so that absence cover
 * builds on it rather than on the use case, which asks absence cover (no cycle: the use case is
 * given its AwayHolderCover when made).
 */
@Injectable()
export class RoleReassignmentStep {
  private readonly planner: EffectPlanner;

  constructor(
    private readonly lifecycle: LifecycleRepository,
    private readonly directory: DirectoryRepository,
    effectRows: EffectRowsRepository,
    @Optional() links?: LinkTokens,
  ) {
    this.planner = new EffectPlanner(links ?? LinkTokens.ephemeral(), effectRows);
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
      c.template.roleWords,
    );
    const holders = await this.directory.roleHolders(
      tenantScope(c.row.tenantId),
      c.m,
      roles,
      c.row.createdBy,
      today,
      c.template.roleWords,
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
