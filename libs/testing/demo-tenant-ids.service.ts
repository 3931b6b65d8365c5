import type { DataSource } from 'typeorm';
import type { TenantIds } from '../directory/tenant-setup.service';

/** The demo's offices by the titles the seeds give them, as demoOpenings names them. */
const OFFICE_TITLES: Record<string, string> = {
  ceo: 'Chief Executive, Southampton City Council',
  ao: 'Accountable Officer, NHS Southampton City CCG',
  icbChiefExecutive: 'Chief Executive, NHS Hampshire and Isle of Wight Integrated Care Board',
  chair: 'Chair, Southampton Health and Wellbeing Board',
  properOfficer: 'Proper Officer, Democratic Services',
  scrutinyChair: 'Chair, Health Overview and Scrutiny Panel',
  dph: 'Director of Public Health, Southampton City Council',
  commissioningLead: 'Senior Commissioning Manager, Integrated Commissioning Unit',
  serviceDirector: 'Service Director, Adults, Housing and Communities',
  leaderOfTheCouncil: 'Leader of the Council',
  icbChair: 'Chair, NHS Hampshire and Isle of Wight Integrated Care Board',
};
/** The demo's delegations by the scope each covers. */
const DELEGATION_SCOPES: Record<string, string> = {
  bcfApproval: 'bcf-plan-approval',
  jcbDecision: 'jcb-delegated-decision',
  officerDecision: 'officer-delegated-decision',
};

/**
 * The seeded demo tenant's ids for the offices and delegations demoOpenings binds roles to, read
 * back from the directory as an officer would find them (by title and scope); throws when the demo
 * has none or several of one.
 */
export async function demoTenantIds(ds: DataSource): Promise<TenantIds> {
  const [{ id: tenantId }]: { id: string }[] = await ds.query(
    "SELECT tenant_id AS id FROM tenants WHERE slug = 'southampton-demo'",
  );
  const offices: { id: string; title: string }[] = await ds.query(
    'SELECT id, title FROM offices WHERE tenant_id = $1',
    [tenantId],
  );
  const delegations: { id: string; scope: string }[] = await ds.query(
    'SELECT id, scope FROM delegations WHERE tenant_id = $1',
    [tenantId],
  );
  const one = <T>(rows: T[], what: string): T => {
    if (rows.length !== 1) throw new Error(`the demo has ${rows.length} of ${what}`);
    return rows[0];
  };
  return {
    tenantId,
    offices: Object.fromEntries(
      Object.entries(OFFICE_TITLES).map(([k, title]) => [
        k,
        one(
          offices.filter((o) => o.title === title),
          title,
        ).id,
      ]),
    ),
    delegations: Object.fromEntries(
      Object.entries(DELEGATION_SCOPES).map(([k, scope]) => [
        k,
        one(
          delegations.filter((d) => d.scope === scope),
          `delegations of ${scope}`,
        ).id,
      ]),
    ),
  } as unknown as TenantIds;
}
