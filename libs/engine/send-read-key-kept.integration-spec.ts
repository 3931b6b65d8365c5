import { apiKeyHash, ApiKeyRepository } from '../directory/api-key.repository';
import { withTenant } from '../core/tenant-context.service';
import { tenantScope } from '../core/tenant-scope';
import { engineHarness } from '../testing/engine-harness.service';
import { anotherSendReadProcess } from '../testing/send-read-process.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { SendReadRepository } from './send-read.repository';

/*
 * Review of 90eb39ac: an API process keeps a key under its council's directory version
 * (send-read.repository.ts). A key kept there is refused once time passes its expiry or its
 * person's leaving day with no write at all, in this process and another that kept it; a key moved
 * to another council is no longer its old council's; and every writer of api_keys but the note of
 * a key's use moves the version, the note still recorded.
 */
describe('an API key kept under the directory version', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const at = new Date('2021-10-04T10:00:00Z');

  const judged = async (
    reads: SendReadRepository,
    tenantId: string,
    key: string,
    caseId: string,
    when = at,
  ) =>
    withTenant(tenantId, () =>
      reads.keyAndCase(
        tenantScope(tenantId),
        db.ds.manager,
        apiKeyHash(key),
        caseId,
        when,
        when.toISOString().slice(0, 10),
      ),
    );

  async function opened(w: BcfWorld): Promise<string> {
    const { caseId } = await engineHarness(db.ds).open.open(openBcfCaseBody(w), w.actors.officer);
    return caseId;
  }

  const version = async (tenantId: string) =>
    (
      (await db.ds.query('SELECT directory_version::text AS v FROM tenants WHERE tenant_id = $1', [
        tenantId,
      ])) as { v: string }[]
    )[0].v;

  it('refuses a kept key once the moment passes its expiry or its person leaves, with no write between', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await opened(w);
    await db.ds.query('UPDATE api_keys SET expires_at = $2 WHERE key_hash = $1', [
      apiKeyHash(w.keys.officer),
      new Date('2021-10-04T10:00:30Z'),
    ]);
    await db.ds.query('UPDATE people SET left_on = $2 WHERE id = $1', [
      w.ids.people.ceo,
      '2021-10-05',
    ]);
    const kept = await version(w.tenantId);
    const [here, there] = [new SendReadRepository(), anotherSendReadProcess()];
    for (const reads of [here, there]) {
      expect((await judged(reads, w.tenantId, w.keys.officer, caseId))?.key).toHaveProperty(
        'person',
      );
      expect((await judged(reads, w.tenantId, w.keys.ceo, caseId))?.key).toHaveProperty('person');
    }
    const later = new Date('2021-10-04T10:00:31Z');
    const nextDay = new Date('2021-10-05T09:00:00Z');
    for (const reads of [here, there]) {
      expect((await judged(reads, w.tenantId, w.keys.officer, caseId, later))?.key).toEqual({
        refused: 'expired',
        on: new Date('2021-10-04T10:00:30Z'),
      });
      expect((await judged(reads, w.tenantId, w.keys.ceo, caseId, nextDay))?.key).toEqual({
        refused: 'left',
        on: '2021-10-05',
      });
    }
    expect(await version(w.tenantId)).toBe(kept);
  });

  it('no longer finds a kept key in its old council once it is moved to another, in every process', async () => {
    const [a, b] = [await buildBcfWorld(db.ds), await buildBcfWorld(db.ds)];
    const [caseA, caseB] = [await opened(a), await opened(b)];
    const [here, there] = [new SendReadRepository(), anotherSendReadProcess()];
    for (const reads of [here, there])
      expect((await judged(reads, a.tenantId, a.keys.officer, caseA))?.key).toMatchObject({
        person: { id: a.ids.people.officer, tenantId: a.tenantId },
      });
    await db.ds.query('UPDATE api_keys SET tenant_id = $2, person_id = $3 WHERE key_hash = $1', [
      apiKeyHash(a.keys.officer),
      b.tenantId,
      b.ids.people.officer,
    ]);
    for (const reads of [here, there]) {
      expect(await judged(reads, a.tenantId, a.keys.officer, caseA)).toBeNull();
      expect((await judged(reads, b.tenantId, a.keys.officer, caseB))?.key).toMatchObject({
        person: { id: b.ids.people.officer, tenantId: b.tenantId },
      });
    }
  });

  it('moves the version with every writer of api_keys but the note of its use, which it still records', async () => {
    const w = await buildBcfWorld(db.ds);
    const keys = new ApiKeyRepository();
    const scope = tenantScope(w.tenantId);
    const moved = async (write: () => Promise<unknown>) => {
      const before = BigInt(await version(w.tenantId));
      await withTenant(w.tenantId, write);
      return BigInt(await version(w.tenantId)) > before;
    };
    let id = '';
    expect(
      await moved(async () => {
        id = await keys.insert(scope, db.ds.manager, {
          personId: w.ids.people.officer,
          name: 'Review',
          keyHash: apiKeyHash(`review-${w.tenantId}`),
          createdAt: at,
          expiresAt: null,
        });
      }),
    ).toBe(true);
    expect(await moved(() => keys.touch(scope, db.ds.manager, id, at))).toBe(false);
    const [{ last }]: { last: Date }[] = await db.ds.query(
      'SELECT last_used_at AS last FROM api_keys WHERE id = $1',
      [id],
    );
    expect(last).toEqual(at);
    // The use noted with another change: the other change moves it.
    expect(
      await moved(() =>
        db.ds.query(
          `UPDATE api_keys SET last_used_at = $2, expires_at = $2::timestamptz + interval '1 day' WHERE id = $1`,
          [id, new Date('2021-10-04T11:00:00Z')],
        ),
      ),
    ).toBe(true);
    for (const set of ['person_id = $2', 'key_hash = md5($2::text)'])
      expect(
        await moved(() =>
          db.ds.query(`UPDATE api_keys SET ${set} WHERE id = $1`, [id, w.ids.people.ceo]),
        ),
      ).toBe(true);
    expect(await moved(() => keys.revoke(scope, db.ds.manager, id, at))).toBe(true);
    expect(await moved(() => db.ds.query('DELETE FROM api_keys WHERE id = $1', [id]))).toBe(true);
    // A person's keys deleted all at once, as for a leaver, move it too.
    expect(
      await moved(() =>
        db.ds.query('DELETE FROM api_keys WHERE tenant_id = $1 AND person_id = $2', [
          w.tenantId,
          w.ids.people.gp,
        ]),
      ),
    ).toBe(true);
  });
});
