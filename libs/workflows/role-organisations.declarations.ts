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

/** The council's side of a JCB dispute (ToR 9.1): its Leader, an office of the council. */
const COUNCIL_LEADER_ROLE: RoleOrganisationRule = {
  kinds: ['local_authority'],
  rule: 'ROLE_NEEDS_THE_COUNCIL',
  needs: 'the council',
  because:
    'A dispute on the Joint Commissioning Board is discussed by the Leader of the Council and the partner’s chair (JCB terms of reference 9.1): the Leader’s is an office of the council.',
};

/** The partner's side of a JCB dispute (ToR 9.1): the Chair on behalf of the ICB. */
const ICB_CHAIR_ROLE: RoleOrganisationRule = {
  kinds: ['icb'],
  rule: 'ROLE_NEEDS_AN_INTEGRATED_CARE_BOARD',
  needs: 'an Integrated Care Board',
  because:
    'A dispute on the Joint Commissioning Board is discussed by the Leader of the Council and the Chair on behalf of the NHS partner (JCB terms of reference 9.1), since 1 July 2022 the Integrated Care Board that replaced the CCG (Health and Care Act 2022).',
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
  // Versions 2 and 3: the Integrated Care Board's Chief Executive approves the plan (issue #15).
  'bcf-board-sign-off': {
    2: { accountableOfficer: ICB_ROLE },
    3: { accountableOfficer: ICB_ROLE },
    4: { accountableOfficer: ICB_ROLE },
  },
  // Versions 7 to 12: a dispute goes to the Leader of the Council and the ICB's chair (issue #15).
  'jcb-delegated-decision': {
    7: { leader: COUNCIL_LEADER_ROLE, partnerChair: ICB_CHAIR_ROLE },
    8: { leader: COUNCIL_LEADER_ROLE, partnerChair: ICB_CHAIR_ROLE },
    9: { leader: COUNCIL_LEADER_ROLE, partnerChair: ICB_CHAIR_ROLE },
    10: { leader: COUNCIL_LEADER_ROLE, partnerChair: ICB_CHAIR_ROLE },
    11: { leader: COUNCIL_LEADER_ROLE, partnerChair: ICB_CHAIR_ROLE },
    12: { leader: COUNCIL_LEADER_ROLE, partnerChair: ICB_CHAIR_ROLE },
  },
};

/** The organisation rule of a role of a template version, if it has one. */
export function roleOrganisationRule(
  template: Pick<WorkflowTemplate, 'id' | 'version'>,
  role: string,
): RoleOrganisationRule | undefined {
  return ROLE_ORGANISATIONS[template.id]?.[template.version]?.[role];
}
