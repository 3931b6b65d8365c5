import { EntityManager } from 'typeorm';
import { DirectoryRepository } from '../directory/directory.repository';
import { DomainError } from '../errors/domain.errors';
import { isDelegationInForce, RoleBinding } from '../governance/authority.service';
import { londonDate } from '../governance/working-day-calendar.service';
import type { WorkflowTemplate } from '../workflows/workflow.template';

type Problem = { path: string; message: string };

/**
 * Binds a template's roles to this tenant's offices and delegations, when a case opens and when
 * the officer reassigns a role: an office must have a holder, a delegation must be in force for
 * the role's scope.
 */
export class RoleBinder {
  private readonly directory = new DirectoryRepository();

  async bindAll(
    m: EntityManager,
    template: WorkflowTemplate,
    given: Record<string, string>,
    tenantId: string,
    now: Date,
  ) {
    const problems: Problem[] = [];
    for (const r of Object.keys(given).filter(
      (r) => !Object.hasOwn(template.roles, r) || template.roles[r].binding === 'officers',
    )) {
      problems.push({ path: `roles.${r}`, message: `${template.id} has no role "${r}" to fill` });
    }
    const bindings: Record<string, RoleBinding> = {};
    for (const [role, spec] of Object.entries(template.roles)) {
      if (spec.binding === 'officers') {
        bindings[role] = { kind: 'officers' };
        continue;
      }
      const b = await this.bindOne(m, template, role, given[role], tenantId, now, problems);
      if (b) bindings[role] = b;
    }
    if (problems.length > 0) throw invalid(problems);
    return bindings;
  }

  /** One role to a new office or delegation; throws INVALID_ROLE_HOLDER saying what is wrong. */
  async rebind(
    m: EntityManager,
    template: WorkflowTemplate,
    role: string,
    id: string | undefined,
    tenantId: string,
    now: Date,
  ): Promise<RoleBinding> {
    const problems: Problem[] = [];
    const b = await this.bindOne(m, template, role, id, tenantId, now, problems);
    if (!b) throw invalid(problems);
    return b;
  }

  private async bindOne(
    m: EntityManager,
    template: WorkflowTemplate,
    role: string,
    id: string | undefined,
    tenantId: string,
    now: Date,
    problems: Problem[],
  ): Promise<RoleBinding | null> {
    const spec = template.roles[role];
    const path = `roles.${role}`;
    if (!spec || spec.binding === 'officers') {
      problems.push({ path, message: `${template.id} has no role "${role}" to fill` });
      return null;
    }
    if (!id) {
      problems.push({
        path,
        message: `give the ${spec.binding} that fills the role of ${spec.label}`,
      });
      return null;
    }
    if (spec.binding === 'office') {
      const today = londonDate(now);
      const [office] = await this.directory.offices(m, tenantId, [id], today);
      if (!office) problems.push({ path, message: `no office ${id} in your organisation` });
      else if (!office.holderPersonId)
        problems.push({
          path,
          message: `the office "${office.title}" has no holder on ${today}: appoint one first`,
        });
      else return { kind: 'office', officeId: id };
      return null;
    }
    const [d] = await this.directory.delegations(m, tenantId, [id]);
    if (!d) problems.push({ path, message: `no delegation ${id} in your organisation` });
    else if (!isDelegationInForce(d, now, spec.delegationScope ?? '')) {
      problems.push({
        path,
        message: `delegation ${id} is not in force for "${spec.delegationScope}" now`,
      });
    } else return { kind: 'delegation', delegationId: id };
    return null;
  }
}

function invalid(problems: Problem[]): DomainError {
  return new DomainError(
    'INVALID_ROLE_HOLDER',
    'The role holders are not valid',
    'Fix the roles listed in problems.',
    { problems },
  );
}
