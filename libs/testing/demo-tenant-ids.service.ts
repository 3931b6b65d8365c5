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
  hwbbViceChair: 'Vice-Chair, Southampton Health and Wellbeing Board',
};
/** The demo's bodies by name, as demoOpenings names them (a seat role names its body). */
const BODY_NAMES: Record<string, string> = {
  hwbb: 'Southampton Health and Wellbeing Board',
  jcb: 'Joint Commissioning Board',
};
/** The demo's people the specs follow, by name: the HWBB's chair and vice-chair. */
const PEOPLE_NAMES: Record<string, string> = { chair: 'Cllr Alex Rowe', gp: 'Dr Sam Okafor' };
/**
 * The demo's delegations by the scope each covers and, where two share a scope, the office (its key
 * above) it is given to.
 */
const DELEGATION_SCOPES: Record<string, [scope: string, office?: string]> = {
  bcfApproval: ['bcf-plan-approval', 'chair'],
  bcfApprovalVice: ['bcf-plan-approval', 'hwbbViceChair'],
  jcbDecision: ['jcb-delegated-decision'],
  officerDecision: ['officer-delegated-decision'],
};

/**
 * The seeded demo tenant's ids for the offices, delegations and bodies demoOpenings binds roles to
 * (and the HWBB's chair and vice-chair), read
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
  const delegations: { id: string; scope: string; officeId: string }[] = await ds.query(
    'SELECT id, scope, delegate_office_id AS "officeId" FROM delegations WHERE tenant_id = $1',
    [tenantId],
  );
  const bodies: { id: string; name: string }[] = await ds.query(
    'SELECT id, name FROM bodies WHERE tenant_id = $1',
    [tenantId],
  );
  const people: { id: string; name: string }[] = await ds.query(
    'SELECT id, name FROM people WHERE tenant_id = $1',
    [tenantId],
  );
  const one = <T>(rows: T[], what: string): T => {
    if (rows.length !== 1) throw new Error(`the demo has ${rows.length} of ${what}`);
    return rows[0];
  };
  const officeId = (key: string) =>
    one(
      offices.filter((o) => o.title === OFFICE_TITLES[key]),
      OFFICE_TITLES[key],
    ).id;
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
    bodies: Object.fromEntries(
      Object.entries(BODY_NAMES).map(([k, name]) => [
        k,
        one(
          bodies.filter((b) => b.name === name),
          name,
        ).id,
      ]),
    ),
    people: Object.fromEntries(
      Object.entries(PEOPLE_NAMES).map(([k, name]) => [
        k,
        one(
          people.filter((p) => p.name === name),
          name,
        ).id,
      ]),
    ),
    delegations: Object.fromEntries(
      Object.entries(DELEGATION_SCOPES).map(([k, [scope, office]]) => [
        k,
        one(
          delegations.filter(
            (d) => d.scope === scope && (!office || d.officeId === officeId(office)),
          ),
          `delegations of ${scope}${office ? ` to ${OFFICE_TITLES[office]}` : ''}`,
        ).id,
      ]),
    ),
  } as unknown as TenantIds;
}
