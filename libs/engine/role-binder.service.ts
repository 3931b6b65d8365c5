import { EntityManager } from 'typeorm';
import { DirectoryRepository } from '../directory/directory.repository';
import { ORGANISATION_KIND_NAMES, OrganisationKind } from '../directory/organisation.entity';
import { DomainError, GovernanceRuleError } from '../errors/domain.errors';
import { isDelegationInForce, RoleBinding, SEAT_NAMES } from '../governance/authority.service';
import { describeDay } from '../governance/clear-days.service';
import { londonDate } from '../governance/working-day-calendar.service';
import { roleOrganisationRule } from '../workflows/role-organisations.declarations';
import type { WorkflowTemplate } from '../workflows/workflow.template';
import { tenantScope } from '../core/tenant-scope';

type Problem = { path: string; message: string };
/** An office of the wrong kind of organisation for its role: its rule and the lines saying so. */
type Refusal = { rule: string; problem: Problem; explanation: string[] };

/**
 * Binds a template's roles to this tenant's offices and delegations, when a case opens and when
 * the officer reassigns a role: an office must have a holder, a delegation must be in force for
 * the role's scope. An office must also be of the kind of organisation its role needs, where the
 * template version declares one (role-organisations.declarations.ts): refused as a governance rule
 * (422 GOVERNANCE_RULE_BROKEN naming it) once every role is otherwise valid.
 */
export class RoleBinder {
  constructor(private readonly directory: DirectoryRepository) {}

  async bindAll(
    m: EntityManager,
    template: WorkflowTemplate,
    given: Record<string, string>,
    tenantId: string,
    now: Date,
  ) {
    const problems: Problem[] = [];
    const refusals: Refusal[] = [];
    for (const r of Object.keys(given).filter(
      (r) =>
        !Object.hasOwn(template.roles, r) ||
        template.roles[r].binding === 'officers' ||
        // A member named on the case is named by its event, later, never when it opens.
        template.roles[r].binding === 'member',
    )) {
      problems.push({ path: `roles.${r}`, message: `${template.id} has no role "${r}" to fill` });
    }
    const bindings: Record<string, RoleBinding> = {};
    const body = sameBody(template, given);
    for (const [role, spec] of Object.entries(template.roles)) {
      if (spec.binding === 'officers') {
        bindings[role] = { kind: 'officers' };
        continue;
      }
      if (spec.binding === 'member') continue;
      if (spec.binding === 'seat' && given[role] && given[role] !== body) {
        refusals.push(await this.otherBody(m, template, role, given, body!, tenantId));
        continue;
      }
      const b = await this.bindOne(
        m,
        template,
        role,
        given[role] ?? (spec.binding === 'seat' ? sameBody(template, given) : undefined),
        tenantId,
        now,
        problems,
        refusals,
      );
      if (b) bindings[role] = b;
    }
    if (problems.length > 0) throw invalid(problems);
    if (refusals.length > 0) throw refused(refusals);
    return bindings;
  }

  /**
   * One role to a new office or delegation; throws INVALID_ROLE_HOLDER saying what is wrong. A seat
   * role is refused whatever it is given (SEAT_ROLE_FOLLOWS_THE_SEAT): it is whoever holds the
   * body's seat on the day, so it has no one to be handed to; `current` is its binding, to name it.
   * One bound to the person who presided, at the meeting's approval, is refused as that
   * (SIGNER_FIXED_AT_THE_APPROVAL): the minutes are signed by that person.
   */
  async rebind(
    m: EntityManager,
    template: WorkflowTemplate,
    role: string,
    id: string | undefined,
    tenantId: string,
    now: Date,
    current?: RoleBinding,
  ): Promise<RoleBinding> {
    const spec = Object.hasOwn(template.roles, role) ? template.roles[role] : undefined;
    if (spec?.binding === 'seat')
      throw await this.seatRefusal(m, template, role, tenantId, current);
    const problems: Problem[] = [];
    const refusals: Refusal[] = [];
    const b = await this.bindOne(m, template, role, id, tenantId, now, problems, refusals);
    if (refusals.length > 0) throw refused(refusals);
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
    refusals: Refusal[] = [],
  ): Promise<RoleBinding | null> {
    const spec = template.roles[role];
    const path = `roles.${role}`;
    if (!spec || spec.binding === 'officers' || spec.binding === 'member') {
      problems.push({ path, message: `${template.id} has no role "${role}" to fill` });
      return null;
    }
    if (spec.binding === 'seat')
      return this.bindSeat(m, template, role, id, tenantId, now, problems);
    if (!id) {
      problems.push({
        path,
        message: `give the ${spec.binding} that fills the role of ${spec.label}`,
      });
      return null;
    }
    if (spec.binding === 'office') {
      const today = londonDate(now);
      const [office] = await this.directory.offices(tenantScope(tenantId), m, [id], today);
      if (!office) problems.push({ path, message: `no office ${id} in your organisation` });
      else if (!office.holderPersonId)
        problems.push({
          path,
          message: `the office "${office.title}" has no holder on ${today}: appoint one first`,
        });
      else {
        const refusal = wrongOrganisation(template, role, office);
        if (!refusal) return { kind: 'office', officeId: id };
        refusals.push(refusal);
      }
      return null;
    }
    const [d] = await this.directory.delegations(tenantScope(tenantId), m, [id]);
    if (!d) problems.push({ path, message: `no delegation ${id} in your organisation` });
    else if (!isDelegationInForce(d, now, spec.delegationScope ?? '')) {
      problems.push({
        path,
        message: `delegation ${id} is not in force for "${spec.delegationScope}" now`,
      });
    } else return { kind: 'delegation', delegationId: id };
    return null;
  }

  /**
   * A seat role names the body (roles.<role> = its id), the same body as the template's other
   * seat roles when left out: whoever holds the seat on the day acts, so the chair's seat must be
   * held today. The vice-chair's need not be: the vice-chair acts only in the chair's place, and
   * who holds the seat is read on the day it is needed (a Board elects its vice-chair at its first
   * meeting of the year, after the minutes of the last one may have been opened: seed 002, HWBB
   * agenda of 26 July 2017, item 3).
   */
  private async bindSeat(
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
    const seat = spec.seat ?? 'chair';
    if (!id) {
      problems.push({
        path,
        message: `give the body whose ${SEAT_NAMES[seat].toLowerCase()} fills the role of ${spec.label}`,
      });
      return null;
    }
    const today = londonDate(now);
    const body = await this.directory.seatOf(tenantScope(tenantId), m, id, seat, today);
    if (!body) problems.push({ path, message: 'choose a body of your organisation' });
    else if (!body.holder && seat === 'chair')
      problems.push({
        path,
        message: `the ${body.name} has no ${SEAT_NAMES[seat].toLowerCase()} on ${describeDay(today)}: record one among its members first`,
      });
    else return { kind: 'seat', bodyId: id, seat };
    return null;
  }

  /** The refusal of any reassignment of a seat role: the seat's holder on the day acts. */
  private async seatRefusal(
    m: EntityManager,
    template: WorkflowTemplate,
    role: string,
    tenantId: string,
    current?: RoleBinding,
  ): Promise<GovernanceRuleError> {
    if (current?.kind === 'member') return this.signerRefusal(m, template, role, tenantId, current);
    const spec = template.roles[role];
    const seat = SEAT_NAMES[spec.seat ?? 'chair'].toLowerCase();
    const bodyId = current?.kind === 'seat' ? current.bodyId : undefined;
    const name = bodyId
      ? (await this.directory.bodyNames(tenantScope(tenantId), m, [bodyId])).get(bodyId)
      : null;
    const body = name ? `the ${name}` : 'its body';
    return new GovernanceRuleError(
      'SEAT_ROLE_FOLLOWS_THE_SEAT',
      `The role of ${spec.label} cannot be reassigned: it is held by whoever is the ${seat} of ${body} on the day. Nothing was changed.`,
      [
        `${spec.label} is a seat in version ${template.version} of this template: the ${seat} of ${body}, as its memberships in the directory say on the day.`,
        'It cannot be given to another body’s seat, or to an office or a person outside the body.',
        `To change who acts, record the body’s new ${seat} among its members in the directory, or record the ${seat} away.`,
      ],
      {
        problems: [
          {
            path: 'holderId',
            message: `the ${seat} of ${body} holds this role: record a new ${seat} among its members instead`,
          },
        ],
      },
    );
  }

  /**
   * The refusal of a seat role bound, since the meeting's approval, to the person who presided
   * (minutes approval v4, docs/adr/0036): the minutes are signed by the person presiding at the
   * meeting that approved them (LGA 1972 Sch 12 para 41(1)), so nobody else can be given the role.
   */
  private async signerRefusal(
    m: EntityManager,
    template: WorkflowTemplate,
    role: string,
    tenantId: string,
    current: Extract<RoleBinding, { kind: 'member' }>,
  ): Promise<GovernanceRuleError> {
    const spec = template.roles[role];
    const scope = tenantScope(tenantId);
    const person = (await this.directory.person(scope, m, current.personId))?.name;
    const name = (await this.directory.bodyNames(scope, m, [current.bodyId])).get(current.bodyId);
    const who = person ?? 'the member who presided';
    const at = name
      ? `the meeting of the ${name} that approved the minutes`
      : 'the meeting that approved the minutes';
    return new GovernanceRuleError(
      'SIGNER_FIXED_AT_THE_APPROVAL',
      `The role of ${spec.label} cannot be reassigned: the minutes are signed by ${who}, who presided at ${at}. Nothing was changed.`,
      [
        `The minutes are signed by the person presiding at the meeting that approved them (Local Government Act 1972, Schedule 12, paragraph 41(1)): from the approval on, ${spec.label} in version ${template.version} of this template is ${who}, whatever seat they hold on the day they sign.`,
        'Recording a new chair or vice-chair in the directory does not change who signs, and the role cannot be given to anyone else.',
        `If ${who} cannot sign, the Act allows the minutes to be signed at the next suitable meeting by the person presiding there. This version of the template does not record that yet: raise it with the monitoring officer.`,
      ],
      {
        source: 'Local Government Act 1972, Schedule 12, paragraph 41(1)',
        problems: [
          {
            path: 'holderId',
            message: `${who} presided at the meeting that approved the minutes and signs them: nobody else can be given this role`,
          },
        ],
      },
    );
  }

  /** The refusal of a seat role naming another body than the template's first seat role. */
  private async otherBody(
    m: EntityManager,
    template: WorkflowTemplate,
    role: string,
    given: Record<string, string>,
    body: string,
    tenantId: string,
  ): Promise<Refusal> {
    const [first] = Object.entries(template.roles).find(([, s]) => s.binding === 'seat')!;
    const names = await this.directory.bodyNames(tenantScope(tenantId), m, [body, given[role]]);
    const name = (id: string) => names.get(id) ?? 'a body not in your organisation';
    const seat = SEAT_NAMES[template.roles[first].seat ?? 'chair'].toLowerCase();
    return {
      rule: 'SEATS_OF_ONE_BODY',
      problem: {
        path: `roles.${role}`,
        message: `choose the ${name(body)}, whose ${seat} fills the role of ${template.roles[first].label}, or leave it out: the ${name(given[role])} is another body`,
      },
      explanation: [
        `In version ${template.version} of this template every seat that acts is of one body: ${template.roles[first].label} is the ${seat} of the ${name(body)}.`,
        `${template.roles[role].label} was given as a seat of the ${name(given[role])}, whose members have no part in the ${name(body)}’s business.`,
      ],
    };
  }
}

/** The refusal when the office is not of the kind of organisation the role needs; null when it is. */
function wrongOrganisation(
  template: WorkflowTemplate,
  role: string,
  office: { title: string; organisationName?: string; organisationKind?: string },
): Refusal | null {
  const rule = roleOrganisationRule(template, role);
  const kind = office.organisationKind as OrganisationKind | undefined;
  if (!rule || (kind && rule.kinds.includes(kind))) return null;
  const kindName = kind ? (ORGANISATION_KIND_NAMES[kind] ?? kind) : null;
  const of = office.organisationName
    ? `${office.organisationName}, whose kind in the directory is ${kindName ?? 'not recorded'}`
    : 'no organisation in the directory';
  const label = template.roles[role].label;
  return {
    rule: rule.rule,
    problem: {
      path: `roles.${role}`,
      message: `choose an office of ${rule.needs}: "${office.title}" is an office of ${of}`,
    },
    explanation: [
      `${label} is held through an office of ${rule.needs} in version ${template.version} of this template.`,
      `"${office.title}" is an office of ${of}.`,
      rule.because,
    ],
  };
}

/** The body another seat role of the template names: a case's seats are of one body. */
function sameBody(template: WorkflowTemplate, given: Record<string, string>): string | undefined {
  const named = Object.entries(template.roles).find(([r, s]) => s.binding === 'seat' && given[r]);
  return named ? given[named[0]] : undefined;
}

function refused(refusals: Refusal[]): GovernanceRuleError {
  const [first] = refusals;
  return new GovernanceRuleError(
    first.rule,
    `${first.problem.message.replace(/^./, (c) => c.toUpperCase())}.`,
    refusals.flatMap((r) => r.explanation),
    { problems: refusals.map((r) => r.problem) },
  );
}

function invalid(problems: Problem[]): DomainError {
  return new DomainError(
    'INVALID_ROLE_HOLDER',
    'The role holders are not valid',
    'Fix the roles listed in problems.',
    { problems },
  );
}
