import type { OrganisationKind } from '../directory/organisation.entity';
import type { WorkflowTemplate } from './workflow.template';

/** Which kind of organisation the office filling a role must belong to, and the rule in words. */
export interface RoleOrganisationRule {
  /** The kinds of organisation (the directory's) whose offices may fill the role. */
  kinds: OrganisationKind[];
  /** The rule's stable code, in the refusal's `rule`. */
  rule: string;
  /** The organisation the role needs, in words: "an Integrated Care Board". */
  needs: string;
  /** Why, in a sentence a person can check. */
  because: string;
}

const ICB_ROLE: RoleOrganisationRule = {
  kinds: ['icb'],
  rule: 'ROLE_NEEDS_AN_INTEGRATED_CARE_BOARD',
  needs: 'an Integrated Care Board',
  because:
    'Clinical Commissioning Groups were abolished on 1 July 2022 (Health and Care Act 2022); their duties passed to Integrated Care Boards, whose Chief Executive is the Accountable Officer.',
};

/**
 * The organisation an office must belong to for it to fill a role, declared per template id and
 * version, and checked where a role is bound to an office (a case opened, a role reassigned:
 * libs/engine/role-binder.service.ts), against the organisation's kind as the council's directory
 * records it. Declared around the machines, as recorded dates and step-ups are (ADR 0010, 0016):
 * no machine, trace or generated definition changes. A version not listed takes any office.
 */
export const ROLE_ORGANISATIONS: Record<
  string,
  Record<number, Record<string, RoleOrganisationRule>>
> = {
  // Version 2: the Integrated Care Board's Chief Executive agrees the plan (issue #15).
  'bcf-delegated-sign-off': { 2: { accountableOfficer: ICB_ROLE } },
  // Version 2: the Integrated Care Board's Chief Executive approves the plan (issue #15).
  'bcf-board-sign-off': { 2: { accountableOfficer: ICB_ROLE } },
};

/** The organisation rule of a role of a template version, if it has one. */
export function roleOrganisationRule(
  template: Pick<WorkflowTemplate, 'id' | 'version'>,
  role: string,
): RoleOrganisationRule | undefined {
  return ROLE_ORGANISATIONS[template.id]?.[template.version]?.[role];
}
