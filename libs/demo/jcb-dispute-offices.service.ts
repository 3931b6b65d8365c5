import type { TenantSpec } from '../directory/tenant-setup.service';

/** The NHS partner since 1 July 2022, as the demo and the test worlds name it. */
const ICB_NAME = 'NHS Hampshire and Isle of Wight Integrated Care Board';

/**
 * The offices a JCB dispute goes to (ToR 9.1, seed 002: "referred for further discussion by the
 * Leader of the Council and Chair on behalf of the CCG", since 1 July 2022 the Integrated Care
 * Board's chair): the Leader of the Council and the ICB's Chair, bound to the roles `leader` and
 * `partnerChair` of a JCB case from version 7. `holders` are the keys of the people in `spec` who
 * hold them; the ICB is added when the spec has none.
 */
export function addJcbDisputeOffices(
  spec: TenantSpec,
  holders: { leader: string; icbChair: string },
): void {
  if (!spec.organisations.some((o) => o.key === 'icb'))
    spec.organisations.push({ key: 'icb', name: ICB_NAME, kind: 'icb' });
  spec.offices.push(
    {
      key: 'leaderOfTheCouncil',
      title: 'Leader of the Council',
      organisation: 'council',
      holder: holders.leader,
    },
    { key: 'icbChair', title: `Chair, ${ICB_NAME}`, organisation: 'icb', holder: holders.icbChair },
  );
}
