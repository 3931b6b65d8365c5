import type { TenantSpec } from '../directory/tenant-setup.service';

/**
 * A world's tweak for absence cover (docs/adr/0033): the Health and Wellbeing Board's Vice-Chair
 * office (`offices.viceChair`), held by Cllr Chris Lane (`cabinet`), with the Board's delegation
 * of the BCF plan's approval to it too (`delegations.bcfApprovalVice`): a deputy for the Chair.
 */
export function withViceChairDelegation(spec: TenantSpec): void {
  spec.offices.push({
    key: 'viceChair',
    title: 'Vice-Chair, Southampton Health and Wellbeing Board',
    organisation: 'council',
    holder: 'cabinet',
  });
  spec.delegations.push({
    key: 'bcfApprovalVice',
    body: 'hwbb',
    office: 'viceChair',
    scope: 'bcf-plan-approval',
    reference:
      'HWBB resolution delegating BCF plan sign-off to the Vice-Chair in the Chair’s absence',
    validFrom: new Date('2020-01-01T00:00:00Z'),
  });
}

/**
 * The Vice-Chair's delegation, and a third Board member's (Dr Sam Okafor, `offices.boardMember`,
 * `delegations.bcfApprovalMember`) of the same approval: a deputy for the Vice-Chair.
 */
export function withBoardMemberDelegation(spec: TenantSpec): void {
  withViceChairDelegation(spec);
  spec.offices.push({
    key: 'boardMember',
    title: 'Member for the CCG, Southampton Health and Wellbeing Board',
    organisation: 'council',
    holder: 'gp',
  });
  spec.delegations.push({
    key: 'bcfApprovalMember',
    body: 'hwbb',
    office: 'boardMember',
    scope: 'bcf-plan-approval',
    reference: 'HWBB resolution delegating BCF plan sign-off to a member when both chairs are away',
    validFrom: new Date('2020-01-01T00:00:00Z'),
  });
}
