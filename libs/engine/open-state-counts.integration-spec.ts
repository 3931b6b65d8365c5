import type { EntityManager } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { engineHarness } from '../testing/engine-harness.service';
import { planAsTheRuntimeRole } from '../testing/runtime-role-plan.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { OfficerDashboardRepository } from './officer-dashboard.repository';

/**
 * The dashboard's count of open cases by state (issue #21): each state counted up to a bound, from
 * the narrow index of open cases' states alone, as the app's role reads it under row-level
 * security, never every open case's row.
 */
describe('the dashboard’s count of open cases by state', () => {
  let db: TestDatabase;
  const reads = new OfficerDashboardRepository();
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** A council with `open` open BCF plans and one more closed, all in the plan's first state. */
  async function councilWith(open: number) {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const ids: string[] = [];
    for (let i = 0; i <= open; i++)
      ids.push((await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId);
    await db.ds.query(`UPDATE cases SET closed_at = now() WHERE id = $1`, [ids[open]]);
    return world.tenantId;
  }

  it('counts each state’s open cases, stopping one past the bound', async () => {
    const tenantId = await councilWith(3);
    const m: EntityManager = db.ds.manager;
    const [state] = (await db.ds.query(`SELECT state_key FROM cases WHERE tenant_id = $1 LIMIT 1`, [
      tenantId,
    ])) as { state_key: string }[];
    const counted = (upTo: number) => reads.openStateCounts(tenantScope(tenantId), m, upTo);
    const one = { templateId: 'bcf-delegated-sign-off', stateKey: state.state_key };
    await expect(counted(1000)).resolves.toEqual([{ ...one, count: 3 }]);
    await expect(counted(3)).resolves.toEqual([{ ...one, count: 3 }]);
    await expect(counted(2)).resolves.toEqual([{ ...one, count: 3 }]);
    await expect(counted(1)).resolves.toEqual([{ ...one, count: 2 }]);
  });

  it('reads from the index of open cases’ states alone, no more of it than the bound, as the app’s role', async () => {
    const open = 6;
    const tenantId = await councilWith(open);
    const upTo = 1;
    const text = await planAsTheRuntimeRole(
      db.ds,
      tenantId,
      (m) => reads.openStateCounts(tenantScope(tenantId), m, upTo),
      {
        // A table this small is read whole when allowed: forbid that, so only a usable index shows.
        settings: ['SET LOCAL enable_seqscan = off'],
        explain: '(ANALYZE, COSTS OFF)',
      },
    );
    const scans = text.match(/(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)[^\n]*/g) ?? [];
    expect(scans.length).toBeGreaterThan(0);
    for (const scan of scans) expect(scan).toMatch(/^Index Only Scan using "IDX_cases_open_stage"/);
    // Entries read: the one state found (and the probe past it), then counted up to the bound + 1.
    const read = scans.reduce((n, scan) => {
      const [, rows, loops] = /rows=([\d.]+) loops=(\d+)/.exec(scan) ?? [];
      return n + Number(rows) * Number(loops);
    }, 0);
    expect(read).toBeLessThanOrEqual(upTo + 1 + 2);
    expect(read).toBeLessThan(open);
  });
});
