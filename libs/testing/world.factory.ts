import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { southamptonLikeDirectory } from '../demo/southampton-directory.service';
import { acrossTenants } from '../core/tenant-context.service';
import { createTenantDirectory, TenantIds, TenantSpec } from '../directory/tenant-setup.service';
import type { Actor } from '../core/actor.dto';
import { BodyRepository } from '../directory/body.repository';
import { BodyRulesRepository } from '../directory/body-rules.repository';
import { TenantDirectoryRepository } from '../directory/tenant-directory.repository';

export interface BcfWorld {
  ids: TenantIds;
  tenantId: string;
  /** API keys by person key (officer, ceo, ao, chair, gp). */
  keys: Record<string, string>;
  actors: Record<'officer' | 'ceo' | 'ao' | 'chair' | 'gp' | 'healthwatch' | 'cabinet', Actor>;
  roles: { chiefExecutive: string; accountableOfficer: string; delegatedApprover: string };
  /** Any person of the world by key (those a tweak added too), as the engine's actor. */
  actorOf(personKey: string): Actor;
  /** Any person's email by key. */
  emailOf(personKey: string): string;
}

/**
 * A Southampton-like tenant of the test's own: unique slug, emails at .test, random API keys.
 * `tweak` changes the spec before it is written (e.g. a delegation that has expired).
 */
export async function buildBcfWorld(
  ds: DataSource,
  opts: { delegationFrom?: Date; tweak?: (s: TenantSpec) => void } = {},
): Promise<BcfWorld> {
  const suffix = randomBytes(4).toString('hex');
  const key = (who: string) => `test-${who}-${randomBytes(12).toString('hex')}`;
  const apiKeys = {
    officer: key('officer'),
    chiefExecutive: key('ceo'),
    accountableOfficer: key('ao'),
    chair: key('chair'),
    member: key('gp'),
  };
  const spec = southamptonLikeDirectory({
    slug: `t-${suffix}`,
    name: `Test council ${suffix}`,
    emailDomain: `${suffix}.test`,
    apiKeys,
    delegationFrom: opts.delegationFrom ?? new Date('2020-01-01T00:00:00Z'),
  });
  opts.tweak?.(spec);
  // A new council's rows, written before there is a council to bind: the explicit way across
  // councils (ADR 0015), as the demo's seed does.
  const ids = await acrossTenants(() =>
    ds.transaction((m) =>
      createTenantDirectory(m, spec, {
        directory: new TenantDirectoryRepository(),
        bodies: new BodyRepository(),
        rules: new BodyRulesRepository(),
      }),
    ),
  );
  const people: { id: string; name: string; email: string; is_officer: boolean }[] = await ds.query(
    'SELECT id, name, email, is_officer FROM people WHERE tenant_id = $1',
    [ids.tenantId],
  );
  const actor = (personKey: string): Actor => {
    const p = people.find((x) => x.id === ids.people[personKey]);
    if (!p) throw new Error(`no person ${personKey}`);
    return {
      kind: 'person',
      tenantId: ids.tenantId,
      person: {
        id: p.id,
        tenantId: ids.tenantId,
        name: p.name,
        email: p.email,
        isOfficer: p.is_officer,
      },
    };
  };
  return {
    actorOf: actor,
    emailOf: (personKey) => {
      const p = actor(personKey);
      return p.kind === 'person' ? p.person.email : '';
    },
    ids,
    tenantId: ids.tenantId,
    keys: {
      officer: apiKeys.officer,
      ceo: apiKeys.chiefExecutive,
      ao: apiKeys.accountableOfficer,
      chair: apiKeys.chair,
      gp: apiKeys.member,
    },
    actors: {
      officer: actor('officer'),
      ceo: actor('ceo'),
      ao: actor('ao'),
      chair: actor('chair'),
      gp: actor('gp'),
      healthwatch: actor('healthwatch'),
      cabinet: actor('cabinet'),
    },
    roles: {
      chiefExecutive: ids.offices.ceo,
      accountableOfficer: ids.offices.ao,
      delegatedApprover: ids.delegations.bcfApproval,
    },
  };
}

/** The seed's dates (001): submission 16 Nov 2021, noting by 16 Dec 2021, assurance expected 9 Jan 2022. */
export const SEED_DATES = {
  submissionDeadline: '2021-11-16',
  notingDeadline: '2021-12-16',
  expectedAssuranceDate: '2022-01-09',
};

/**
 * A body for opening a BCF case, with overrides: the seed's 2021 case, with its CCG, on version 1
 * (the version of its day; new cases open on version 2, the Integrated Care Board's).
 */
export function openBcfCaseBody(world: BcfWorld, overrides: Record<string, unknown> = {}) {
  return {
    template: 'bcf-delegated-sign-off',
    templateVersion: 1,
    title: 'Better Care Fund plan 2021/22',
    dates: SEED_DATES,
    roles: world.roles,
    ...overrides,
  };
}

/** The Integrated Care Board that replaced the seed's CCG on 1 July 2022, as a world's tweak adds it. */
export const WORLD_ICB = 'NHS Hampshire and Isle of Wight Integrated Care Board';

/**
 * A tweak: the world's directory gains the Integrated Care Board and its Chief Executive's office
 * (`offices.icbChiefExecutive`), held by the CCG's Accountable Officer, so that a case can open on
 * a version whose NHS role is the ICB's. The CCG and its offices stay, for version 1.
 */
export function withIntegratedCareBoard(spec: TenantSpec): void {
  spec.organisations.push({ key: 'icb', name: WORLD_ICB, kind: 'icb' });
  spec.offices.push({
    key: 'icbChiefExecutive',
    title: `Chief Executive, ${WORLD_ICB}`,
    organisation: 'icb',
    holder: 'ao',
  });
}

/**
 * A world's tweak adding Kit Morrow, who holds the Better Care commissioning lead's office
 * (`offices.commissioningLead`, the BCF performance report's preparer), in `organisation`.
 */
export function withCommissioningLead(spec: TenantSpec, organisation = 'council'): void {
  spec.people.push({
    key: 'lead',
    name: 'Kit Morrow',
    email: `kit.morrow@${spec.slug}.test`,
    organisation,
  });
  spec.offices.push({
    key: 'commissioningLead',
    title: 'Better Care commissioning lead',
    organisation,
    holder: 'lead',
  });
}

/**
 * The council's Service Director for Adults, Housing and Communities (Robin Ashby), who owns the
 * report on a grant (test/grant-ratification and -v2).
 */
export function withServiceDirector(spec: TenantSpec): void {
  spec.people.push({
    key: 'serviceDirector',
    name: 'Robin Ashby',
    email: `robin.ashby@${spec.slug}.test`,
    organisation: 'council',
  });
  spec.offices.push({
    key: 'serviceDirector',
    title: 'Service Director, Adults, Housing and Communities',
    organisation: 'council',
    holder: 'serviceDirector',
  });
}
