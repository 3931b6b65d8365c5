import type { TenantSpec } from '../directory/tenant-setup.service';

/**
 * The offices a JCB delegated decision is taken under (seed 002): the Cabinet Member for Health
 * holding the JCB's delegation (ToR 8.1 and report para 28: up to £2M when the Board has reached
 * consensus and all three Cabinet members agree), the Proper Officer who signs the Decision
 * Notice, and the Chair of the Health Overview and Scrutiny Panel, who may agree urgency (ToR
 * 6.10, 10.1). `holders` are the keys of the people in `spec` who hold them.
 */
export function addJcbAuthorities(
  spec: TenantSpec,
  holders: { cabinetHealth: string; properOfficer: string; scrutinyChair: string },
  delegationFrom: Date,
): void {
  spec.offices.push(
    {
      key: 'cabinetHealth',
      title: 'Cabinet Member for Health and Adult Social Care',
      organisation: 'council',
      holder: holders.cabinetHealth,
    },
    {
      key: 'properOfficer',
      title: 'Proper Officer, Democratic Services',
      organisation: 'council',
      holder: holders.properOfficer,
    },
    {
      key: 'scrutinyChair',
      title: 'Chair, Health Overview and Scrutiny Panel',
      organisation: 'council',
      holder: holders.scrutinyChair,
    },
  );
  spec.delegations.push({
    key: 'jcbDecision',
    body: 'jcb',
    office: 'cabinetHealth',
    scope: 'jcb-delegated-decision',
    reference: 'JCB ToR 8.1; Financial Procedure Rules: Cabinet member up to £2M',
    validFrom: delegationFrom,
    amountLimit: 2_000_000,
    conditions: [{ kind: 'requiresJcbConsensus' }, { kind: 'unanimousCabinetMembers', count: 3 }],
  });
}
