import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../libs/core/actor.dto';
import { startEmbeddedPostgres } from '../libs/database/embedded-postgres.service';
import { southamptonLikeDirectory } from '../libs/demo/southampton-directory.service';
import { TenantIds, createTenantDirectory } from '../libs/directory/tenant-setup.service';
import { databaseBeside } from './bench-database.service';
import { freePort } from './free-port.service';
import { measurePostgresOnPort } from './bench-load.service';
import { Who } from './engine-bench.settings';
import type { DataSource } from 'typeorm';
import { BodyRepository } from '../libs/directory/body.repository';
import { BodyRulesRepository } from '../libs/directory/body-rules.repository';
import { TenantDirectoryRepository } from '../libs/directory/tenant-directory.repository';

/**
 * The benchmark's world: a throwaway database (embedded, or on DATABASE_URL) and a Southampton-like
 * tenant whose officer, Chief Executive and Accountable Officer drive the cycle.
 */

export interface Database {
  url: string;
  stop(): Promise<void>;
}

export async function throwawayDatabase(): Promise<Database> {
  const external = process.env.DATABASE_URL;
  if (!external) {
    const dir = mkdtempSync(join(os.tmpdir(), 'ratify-bench-pg-'));
    const port = await freePort();
    const pg = await startEmbeddedPostgres({
      dataDir: dir,
      port,
      database: 'ratify_bench',
      persistent: false,
    });
    measurePostgresOnPort(port);
    return pg;
  }
  // A server on this machine is measured too, where its postmaster was started with `-p PORT`
  // (its whole cluster's CPU, whatever else it serves).
  const host = new URL(external).hostname;
  if (['localhost', '127.0.0.1', '[::1]'].includes(host))
    measurePostgresOnPort(Number(new URL(external).port || 5432));
  // Never write bench data into the database DATABASE_URL names: use a fresh one beside it.
  return databaseBeside(external, 'ratify_bench');
}

export async function buildTenant(
  ds: DataSource,
): Promise<{ ids: TenantIds; actors: Record<Who, Actor>; keys: Record<Who, string> }> {
  const suffix = randomBytes(4).toString('hex');
  const key = () => randomBytes(16).toString('hex');
  const keys = { officer: key(), ceo: key(), ao: key() };
  const spec = southamptonLikeDirectory({
    slug: `bench-${suffix}`,
    name: `Bench council ${suffix}`,
    emailDomain: `${suffix}.bench.example.org`,
    apiKeys: {
      officer: keys.officer,
      chiefExecutive: keys.ceo,
      accountableOfficer: keys.ao,
      chair: key(),
      member: key(),
    },
    delegationFrom: new Date('2020-01-01T00:00:00Z'),
  });
  const ids = await ds.transaction((m) =>
    createTenantDirectory(m, spec, {
      directory: new TenantDirectoryRepository(),
      bodies: new BodyRepository(),
      rules: new BodyRulesRepository(),
    }),
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
    ids,
    actors: { officer: actor('officer'), ceo: actor('ceo'), ao: actor('ao') },
    keys,
  };
}

/** The BCF plan each benchmark case is opened as, its deadlines ahead of today. */
export function bcfPlanOpening(ids: TenantIds) {
  return {
    template: 'bcf-delegated-sign-off',
    // The 2021 directory's CCG: version 1, which the figures before were measured on.
    templateVersion: 1,
    title: 'Better Care Fund plan 2021/22',
    dates: {
      submissionDeadline: isoDaysAhead(90),
      notingDeadline: isoDaysAhead(120),
      expectedAssuranceDate: isoDaysAhead(150),
    },
    roles: {
      chiefExecutive: ids.offices.ceo,
      accountableOfficer: ids.offices.ao,
      delegatedApprover: ids.delegations.bcfApproval,
    },
  };
}

export function isoDaysAhead(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
