import type { EntityManager } from 'typeorm';
import { Injectable } from '@nestjs/common';
import { DirectoryRepository } from '../directory/directory.repository';
import type { Actor } from '../core/actor.dto';
import { tenantScope } from '../core/tenant-scope';
import { AbsenceRepository, type AbsenceRecord } from '../directory/absences/absence.repository';
import { CoverHandOver, type CoveredCase } from '../directory/absences/cover-hand-over.service';
import { coverBinding, inForceAt } from '../governance/absence-cover.service';
import type { Authority, RoleBinding } from '../governance/authority.service';
import { calendarDayInWords, londonDate } from '../governance/working-day-calendar.service';
import type { AwayHolderCover, PlannedCover } from './lifecycle/away-holder-cover.service';
import { LifecycleWriter } from './lifecycle/lifecycle-writer.service';
import { RoleReassignmentStep } from './lifecycle/role-reassignment-step.service';
import { RoleBinder } from './role-binder.service';
import { CaseRepository } from './case.repository';
import type { WorkflowTemplate } from '../workflows/workflow.template';

/** What the case's record says did it: the absence on the directory, not a role on the case. */
const AUTHORITY: Authority = { kind: 'system', role: 'system', job: 'absence-cover' };

/**
 * When an absence begins, every open case with a role the person away holds (through an office of
 * theirs, or a delegation to one) that the deputy's delegation covers is reassigned to the deputy,
 * role by role, by the step an officer's reassignment records too (RoleReassignmentStep:
 * ROLE_REASSIGNED with the absence on the record): the old links voided, the same requests to the
 * deputy with new links. An office role goes to the
 * office the deputy's delegation names when the person's office granted it; a delegated role goes
 * to the deputy's delegation of the same scope from the same grantor. Other roles stay, and are
 * listed as not covered. Runs in the transaction that recorded or began the absence, each case
 * locked as the lifecycle locks it, in id order.
 */
@Injectable()
export class AbsenceCoverService extends CoverHandOver implements AwayHolderCover {
  private readonly binder: RoleBinder;

  constructor(
    private readonly absences: AbsenceRepository,
    private readonly cases: CaseRepository,
    directory: DirectoryRepository,
    private readonly writer: LifecycleWriter,
    private readonly reassignment: RoleReassignmentStep,
  ) {
    super();
    this.binder = new RoleBinder(directory);
  }

  async cover(
    m: EntityManager,
    absence: AbsenceRecord,
    actor: Actor,
    now: Date,
  ): Promise<CoveredCase[]> {
    const tenantId = absence.tenantId;
    const scope = tenantScope(tenantId);
    const today = londonDate(now);
    const officeIds = await this.absences.officesHeld(scope, m, absence.person.id, today);
    const [cover] = await this.absences.delegationsById(scope, m, [absence.delegation.id]);
    // A deputy covers under the delegation the absence names, and only while it is in force: revoked
    // or expired since the absence was recorded, nothing more is handed to them.
    if (officeIds.length === 0 || !cover || !inForceAt(cover, now)) return [];
    const caseIds = await this.cases.openBoundToOffices(scope, m, officeIds);
    const record = coverRecord(absence);
    const out: CoveredCase[] = [];
    for (const caseId of caseIds) {
      const done: CoveredCase = { caseId, title: '', roles: [], notCovered: [] };
      // One role at a time: each reassignment is its own step on the case's record.
      for (;;) {
        let next: string | null = null;
        await this.writer.recordWithin(m, caseId, actor, AUTHORITY, now, async (c) => {
          done.title = c.row.title;
          if (c.row.closedAt || c.row.lifecycleStatus === 'withdrawn') return null;
          const delegations = await this.absences.delegationsById(
            scope,
            m,
            Object.values(c.row.roles).flatMap((b) =>
              b.kind === 'delegation' ? [b.delegationId] : [],
            ),
          );
          for (const [role, binding] of Object.entries(c.row.roles)) {
            if (done.roles.includes(role) || done.notCovered.includes(role)) continue;
            const kind = coverable(c.template, role, binding, officeIds, delegations);
            if (!kind) continue;
            const to = coverBinding(binding, kind, cover, officeIds, delegations);
            const bound = to && (await this.rebound(m, c.template, role, to, tenantId, now));
            if (!bound) {
              done.notCovered.push(role);
              continue;
            }
            next = role;
            done.roles.push(role);
            return this.reassignment.step(c, role, bound, record);
          }
          return null;
        });
        if (next === null) break;
      }
      if (done.roles.length > 0 || done.notCovered.length > 0) out.push(done);
    }
    return out;
  }

  /**
   * A request about to be made to someone already away (ADR 0033): which of the case's roles their
   * deputies take, found before the step that makes it is saved, so that its requests to them are
   * withheld (WriteBatch.withhold) and sent to the deputies by `reassignNow` instead.
   */
  async coverForRequests(
    m: EntityManager,
    c: { tenantId: string; roles: Record<string, RoleBinding>; template: WorkflowTemplate },
    personIds: string[],
    now: Date,
  ): Promise<PlannedCover[]> {
    const today = londonDate(now);
    const scope = tenantScope(c.tenantId);
    const out: PlannedCover[] = [];
    for (const absence of await this.absences.runningFor(scope, m, personIds, today)) {
      const officeIds = await this.absences.officesHeld(scope, m, absence.person.id, today);
      const [cover] = await this.absences.delegationsById(scope, m, [absence.delegation.id]);
      if (officeIds.length === 0 || !cover || !inForceAt(cover, now)) continue;
      const delegations = await this.absences.delegationsById(
        scope,
        m,
        Object.values(c.roles).flatMap((b) => (b.kind === 'delegation' ? [b.delegationId] : [])),
      );
      for (const [role, binding] of Object.entries(c.roles)) {
        const kind = coverable(c.template, role, binding, officeIds, delegations);
        if (!kind) continue;
        const to = coverBinding(binding, kind, cover, officeIds, delegations);
        const bound = to && (await this.rebound(m, c.template, role, to, c.tenantId, now));
        if (bound)
          out.push({
            role,
            personId: absence.person.id,
            binding: bound,
            record: coverRecord(absence),
          });
      }
    }
    return out;
  }

  /**
   * The roles `coverForRequests` found, reassigned to the deputies on the case just saved, each a
   * ROLE_REASSIGNED with the absence, under the system's authority; `pending` are the withheld
   * requests, sent to the deputy with new links (the only links).
   */
  async reassignNow(
    m: EntityManager,
    c: { tenantId: string; caseId: string },
    planned: PlannedCover[],
    pending: { role: string; message: string }[],
    now: Date,
  ): Promise<void> {
    const actor: Actor = { kind: 'system', tenantId: c.tenantId, job: 'absence-cover' };
    for (const p of planned) {
      const messages = pending.filter((r) => r.role === p.role).map((r) => r.message);
      await this.writer.recordWithin(m, c.caseId, actor, AUTHORITY, now, (locked) =>
        this.reassignment.step(locked, p.role, p.binding, p.record, messages),
      );
    }
  }

  /** The binding as the role binder accepts it (a holder, in force, the right organisation), or null. */
  private async rebound(
    m: EntityManager,
    template: Parameters<RoleBinder['rebind']>[1],
    role: string,
    to: RoleBinding,
    tenantId: string,
    now: Date,
  ): Promise<RoleBinding | null> {
    const id = to.kind === 'office' ? to.officeId : to.kind === 'delegation' ? to.delegationId : '';
    try {
      return await this.binder.rebind(m, template, role, id, tenantId, now);
    } catch {
      return null;
    }
  }
}

export type { PlannedCover };

/** What a reassignment by absence cover puts on the case's record besides the roles. */
function coverRecord(absence: AbsenceRecord): Record<string, unknown> {
  return {
    reason: `${absence.person.name} is away from ${calendarDayInWords(absence.firstDay)} to ${calendarDayInWords(absence.lastDay)}; ${absence.deputy.name} covers as their deputy.`,
    cover: {
      absenceId: absence.id,
      away: absence.person,
      deputy: absence.deputy,
      firstDay: absence.firstDay,
      lastDay: absence.lastDay,
      delegation: absence.delegation,
    },
  };
}

/**
 * How the role is bound (office or delegation) when a deputy can take it from the person away: a role they hold through an
 * office or a delegation. Officers' roles stay with the officers, a seat (the body's chair)
 * follows the directory's members, and a member named on the case (who presided) is that member.
 */
function coverable(
  template: WorkflowTemplate,
  role: string,
  binding: RoleBinding,
  officeIds: string[],
  delegations: { id: string; delegateOfficeId: string }[],
): 'office' | 'delegation' | null {
  const spec = template.roles[role];
  if (!spec || spec.binding === 'officers' || spec.binding === 'seat' || spec.binding === 'member')
    return null;
  return heldBy(binding, officeIds, delegations) ? spec.binding : null;
}

function heldBy(
  binding: RoleBinding,
  officeIds: string[],
  delegations: { id: string; delegateOfficeId: string }[],
): boolean {
  if (binding.kind === 'office') return officeIds.includes(binding.officeId);
  if (binding.kind !== 'delegation') return false;
  const d = delegations.find((x) => x.id === binding.delegationId);
  return d !== undefined && officeIds.includes(d.delegateOfficeId);
}
