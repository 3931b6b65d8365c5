import type { EntityManager } from 'typeorm';
import { observe, type Observation } from '../core/observations';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';

/*
 * ratify_case_sends_total counts what was recorded (review13 F4): a send accepted in a caller's
 * transaction (a show of hands carrying several events, a deadline batch) is counted once that
 * transaction commits, and not at all when it rolls back, nor when the savepoint it was sent under
 * does. A deadline batch rolled back is fired again case by case: counted then, once.
 */
describe('counting a send accepted in a caller’s transaction', () => {
  let db: TestDatabase;
  let stop: () => void;
  const sends: Observation[] = [];
  beforeAll(async () => {
    db = await openTestDatabase();
    stop = observe((o) => {
      if (o.kind === 'case-send' && o.outcome === 'accepted') sends.push(o);
    });
  });
  afterAll(async () => {
    stop?.();
    await db?.drop();
  });

  async function openCases(n: number) {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push((await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId);
    sends.length = 0;
    const seekAgreement = (caseId: string, m: EntityManager) =>
      h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
        expectedVersion: 1,
        manager: m,
      });
    const versionOf = async (caseId: string) => (await h.views.get(world.tenantId, caseId)).version;
    return { ids, seekAgreement, versionOf };
  }
  const counted = () => sends.map((o) => (o.kind === 'case-send' ? o.event : o.kind));

  it('counts none when the transaction rolls back, and records nothing', async () => {
    const { ids, seekAgreement, versionOf } = await openCases(1);
    await expect(
      db.ds.transaction(async (m) => {
        await seekAgreement(ids[0], m);
        throw new Error('the caller gives up');
      }),
    ).rejects.toThrow('the caller gives up');
    expect(counted()).toEqual([]);
    expect(await versionOf(ids[0])).toBe(1);
  });

  it('counts it once the transaction has committed, not while it is open', async () => {
    const { ids, seekAgreement, versionOf } = await openCases(1);
    let whileOpen: string[] = [];
    await db.ds.transaction(async (m) => {
      await seekAgreement(ids[0], m);
      whileOpen = counted();
    });
    expect(whileOpen).toEqual([]);
    expect(counted()).toEqual(['SEEK_AGREEMENT']);
    expect(await versionOf(ids[0])).toBe(2);
  });

  it('counts none sent under a savepoint rolled back, and the one sent before it', async () => {
    const { ids, seekAgreement, versionOf } = await openCases(2);
    await db.ds.transaction(async (m) => {
      await seekAgreement(ids[0], m);
      await expect(
        m.transaction(async (savepoint) => {
          await seekAgreement(ids[1], savepoint);
          throw new Error('the second is given up');
        }),
      ).rejects.toThrow('the second is given up');
    });
    expect(counted()).toEqual(['SEEK_AGREEMENT']);
    expect([await versionOf(ids[0]), await versionOf(ids[1])]).toEqual([2, 1]);
  });
});
