import { tenantScope, type TenantScope } from '../core/tenant-scope';
import { engineHarness } from './engine-harness.service';
import type { TestDatabase } from './test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from './world.factory';

/** Two councils in one database, each with one open BCF case: what a scoped repository must keep apart. */
export interface TwoCouncils {
  a: BcfWorld;
  b: BcfWorld;
  scopeA: TenantScope;
  scopeB: TenantScope;
  caseOfA: string;
  caseOfB: string;
}

export async function twoCouncils(db: TestDatabase): Promise<TwoCouncils> {
  const a = await buildBcfWorld(db.ds);
  const b = await buildBcfWorld(db.ds);
  const h = engineHarness(db.ds);
  const caseOfA = (await h.open.open(openBcfCaseBody(a), a.actors.officer)).caseId;
  const caseOfB = (await h.open.open(openBcfCaseBody(b), b.actors.officer)).caseId;
  return {
    a,
    b,
    scopeA: tenantScope(a.tenantId),
    scopeB: tenantScope(b.tenantId),
    caseOfA,
    caseOfB,
  };
}
