import { apiKeyHash } from '../directory/api-key.repository';
import { withTenant } from '../core/tenant-context.service';
import { tenantScope } from '../core/tenant-scope';
import { engineHarness } from '../testing/engine-harness.service';
import { anotherSendReadProcess } from '../testing/send-read-process.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { SendReadRepository } from './send-read.repository';

/*
 * TRUNCATE fires no row trigger: a directory table emptied by it must still move the directory
 * version of every council, or an API process judges keys from the rows it kept
 * (migrations/1796437100000-bump-every-council-on-truncate.ts).
 */
describe('a directory table emptied by TRUNCATE', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const at = new Date('2021-10-04T10:00:00Z');

  const judged = async (reads: SendReadRepository, w: BcfWorld, caseId: string) =>
    withTenant(w.tenantId, () =>
      reads.keyAndCase(
        tenantScope(w.tenantId),
        db.ds.manager,
        apiKeyHash(w.keys.officer),
        caseId,
        at,
        at.toISOString().slice(0, 10),
      ),
    );

  const versions = async () =>
    new Map(
      (
        (await db.ds.query('SELECT tenant_id, directory_version::text AS v FROM tenants')) as {
          tenant_id: string;
          v: string;
        }[]
      ).map((r) => [r.tenant_id, BigInt(r.v)]),
    );

  it('no longer accepts a kept API key once api_keys is truncated, in every process', async () => {
    const w = await buildBcfWorld(db.ds);
    const { caseId } = await engineHarness(db.ds).open.open(openBcfCaseBody(w), w.actors.officer);
    const [here, there] = [new SendReadRepository(), anotherSendReadProcess()];
    for (const reads of [here, there])
      expect((await judged(reads, w, caseId))?.key).toMatchObject({
        person: { id: w.ids.people.officer },
      });
    // The app's own role may not TRUNCATE: its owner (a restore, a hand repair) may.
    await (await db.owner()).query('TRUNCATE api_keys');
    for (const reads of [here, there]) expect(await judged(reads, w, caseId)).toBeNull();
  });

  it('moves every council’s version when memberships are truncated', async () => {
    const [a, b] = [await buildBcfWorld(db.ds), await buildBcfWorld(db.ds)];
    const before = await versions();
    await (await db.owner()).query('TRUNCATE membership_substitutes, memberships CASCADE');
    const after = await versions();
    for (const tenantId of [a.tenantId, b.tenantId])
      expect(after.get(tenantId)! > before.get(tenantId)!).toBe(true);
  });

  it('has a TRUNCATE trigger on every table whose rows move the directory version', async () => {
    const rows: { table: string; truncate: boolean }[] = await db.ds.query(`
      SELECT c.relname AS table,
             bool_or(t.tgtype & 32 <> 0 AND p.proname = 'bump_every_directory_version') AS truncate
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_proc p ON p.oid = t.tgfoid
       WHERE NOT t.tgisinternal
         AND c.oid IN (SELECT tgrelid FROM pg_trigger t2 JOIN pg_proc p2 ON p2.oid = t2.tgfoid
                        WHERE p2.proname = 'bump_directory_version')
       GROUP BY c.relname ORDER BY c.relname`);
    expect(rows.length).toBeGreaterThanOrEqual(9);
    expect(rows.filter((r) => !r.truncate).map((r) => r.table)).toEqual([]);
  });
});
