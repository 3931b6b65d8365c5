import { apiKeyHash } from '../directory/api-key.repository';
import { withTenant } from '../core/tenant-context.service';
import { tenantScope } from '../core/tenant-scope';
import { engineHarness } from '../testing/engine-harness.service';
import { anotherSendReadProcess } from '../testing/send-read-process.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { SendReadRepository } from './send-read.repository';

/*
 * The key's person read with an event over HTTP is kept by each API process under the council's
 * directory version (send-read.repository.ts). Whatever it kept, the person read is the person as
 * the database has them when the event's read runs: changed at once, in this process and in
 * another that kept them too; not yet changed while the change is uncommitted or rolled back;
 * and never another council's.
 */
describe('the key person an event over HTTP reads', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** The read an event over HTTP makes: `key` sent to `tenantId`'s council for `caseId`. */
  const keyAndCase = (reads: SendReadRepository, tenantId: string, key: string, caseId: string) =>
    withTenant(tenantId, () =>
      reads.keyAndCase(
        tenantScope(tenantId),
        db.ds.manager,
        apiKeyHash(key),
        caseId,
        new Date('2021-10-04T10:00:00Z'),
        '2021-10-04',
      ),
    );

  async function personRead(reads: SendReadRepository, w: BcfWorld, caseId: string, who: string) {
    return (await keyAndCase(reads, w.tenantId, w.keys[who], caseId))?.key;
  }

  async function openedCase(w: BcfWorld): Promise<string> {
    const { caseId } = await engineHarness(db.ds).open.open(openBcfCaseBody(w), w.actors.officer);
    return caseId;
  }

  it('is the person as changed at the next read, in this process and in another that kept them', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await openedCase(w);
    const here = new SendReadRepository();
    const there = anotherSendReadProcess();
    for (const reads of [here, there])
      expect(await personRead(reads, w, caseId, 'officer')).toMatchObject({
        person: { id: w.ids.people.officer, isOfficer: true },
      });
    await db.ds.query(
      `UPDATE people SET name = 'Renamed Officer', is_officer = false WHERE id = $1`,
      [w.ids.people.officer],
    );
    for (const reads of [here, there])
      expect(await personRead(reads, w, caseId, 'officer')).toMatchObject({
        person: { name: 'Renamed Officer', isOfficer: false },
      });
    await db.ds.query(`UPDATE people SET left_on = '2021-10-01' WHERE id = $1`, [
      w.ids.people.officer,
    ]);
    for (const reads of [here, there])
      expect(await personRead(reads, w, caseId, 'officer')).toEqual({
        refused: 'left',
        on: '2021-10-01',
      });
  });

  it('is the person as committed while a change is in flight, and after it commits or rolls back', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await openedCase(w);
    const reads = new SendReadRepository();
    const change = async (name: string, commit: boolean) => {
      const runner = db.ds.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query('UPDATE people SET name = $2 WHERE id = $1', [w.ids.people.ceo, name]);
        // Read on another connection while the change holds its locks, uncommitted.
        const during = await personRead(reads, w, caseId, 'ceo');
        if (commit) await runner.commitTransaction();
        else await runner.rollbackTransaction();
        return during;
      } finally {
        await runner.release();
      }
    };
    const before = await personRead(reads, w, caseId, 'ceo');
    const name = (v: unknown) => (v as { person: { name: string } }).person.name;
    expect(name(await change('Rolled Back', false))).toBe(name(before));
    expect(name(await personRead(reads, w, caseId, 'ceo'))).toBe(name(before));
    expect(name(await change('Committed Chief', true))).toBe(name(before));
    expect(name(await personRead(reads, w, caseId, 'ceo'))).toBe('Committed Chief');
  });

  it("is never another council's person, for its key or its case", async () => {
    const [a, b] = [await buildBcfWorld(db.ds), await buildBcfWorld(db.ds)];
    const [caseA, caseB] = [await openedCase(a), await openedCase(b)];
    const reads = new SendReadRepository();
    expect(await personRead(reads, a, caseA, 'officer')).toMatchObject({
      person: { id: a.ids.people.officer, tenantId: a.tenantId },
    });
    // B's key with A's case: B's person, and no case.
    const crossed = await keyAndCase(reads, b.tenantId, b.keys.officer, caseA);
    expect(crossed).toMatchObject({
      key: { person: { id: b.ids.people.officer, tenantId: b.tenantId } },
      row: null,
    });
    expect(await personRead(reads, b, caseB, 'officer')).toMatchObject({
      person: { id: b.ids.people.officer, tenantId: b.tenantId },
    });
    // A's key bound to B's council finds no key at all.
    const foreign = await keyAndCase(reads, b.tenantId, a.keys.officer, caseB);
    expect(foreign).toBeNull();
  });
});
