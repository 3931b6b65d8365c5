import { apiKeyHash, ApiKeyRepository } from '../directory/api-key.repository';
import { withTenant } from '../core/tenant-context.service';
import { tenantScope } from '../core/tenant-scope';
import { engineHarness } from '../testing/engine-harness.service';
import { anotherSendReadProcess } from '../testing/send-read-process.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { SendReadRepository } from './send-read.repository';

/*
 * The API key an event over HTTP is sent with is kept by each API process under the council's
 * directory version (send-read.repository.ts; migration 1796436000000 moves the version with every
 * change to a key but its last use). Whatever a process kept, the key is judged as the database
 * has it when the event's read runs: revoked, expired or deleted, it is refused on the next event
 * in this process and in another that kept it; not while the change is uncommitted or rolled back;
 * and a council's key is never found in another council.
 */
describe('the API key an event over HTTP is judged by', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const at = new Date('2021-10-04T10:00:00Z');

  const keyAndCase = (reads: SendReadRepository, tenantId: string, key: string, caseId: string) =>
    withTenant(tenantId, () =>
      reads.keyAndCase(
        tenantScope(tenantId),
        db.ds.manager,
        apiKeyHash(key),
        caseId,
        at,
        '2021-10-04',
      ),
    );

  async function opened(w: BcfWorld): Promise<string> {
    const { caseId } = await engineHarness(db.ds).open.open(openBcfCaseBody(w), w.actors.officer);
    return caseId;
  }

  const setKey = (w: BcfWorld, set: string, value: unknown) =>
    db.ds.query(`UPDATE api_keys SET ${set} = $2 WHERE key_hash = $1`, [
      apiKeyHash(w.keys.officer),
      value,
    ]);
  const version = async (w: BcfWorld) =>
    (
      (await db.ds.query('SELECT directory_version::text AS v FROM tenants WHERE tenant_id = $1', [
        w.tenantId,
      ])) as { v: string }[]
    )[0].v;

  it('refuses a kept key at once once it is revoked, expired or deleted, in every process', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await opened(w);
    const here = new SendReadRepository();
    const there = anotherSendReadProcess();
    const verdicts = async () =>
      Promise.all(
        [here, there].map(
          async (r) => (await keyAndCase(r, w.tenantId, w.keys.officer, caseId))?.key,
        ),
      );
    const officer = { person: { id: w.ids.people.officer } };
    expect(await verdicts()).toMatchObject([officer, officer]);
    await setKey(w, 'revoked_at', new Date('2021-10-01T08:00:00Z'));
    const revoked = { refused: 'revoked', on: new Date('2021-10-01T08:00:00Z') };
    expect(await verdicts()).toEqual([revoked, revoked]);
    await setKey(w, 'revoked_at', null);
    expect(await verdicts()).toMatchObject([officer, officer]);
    await setKey(w, 'expires_at', new Date('2021-10-02T00:00:00Z'));
    const expired = { refused: 'expired', on: new Date('2021-10-02T00:00:00Z') };
    expect(await verdicts()).toEqual([expired, expired]);
    // A key to expire after the event's moment works until then, judged at each event's moment.
    await setKey(w, 'expires_at', new Date('2021-10-04T10:00:01Z'));
    expect(await verdicts()).toMatchObject([officer, officer]);
    await db.ds.query('DELETE FROM api_keys WHERE key_hash = $1', [apiKeyHash(w.keys.officer)]);
    expect(await verdicts()).toEqual([undefined, undefined]);
  });

  it('judges the key as committed while a revocation is in flight, and after it commits or rolls back', async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await opened(w);
    const reads = new SendReadRepository();
    const judged = async () => (await keyAndCase(reads, w.tenantId, w.keys.officer, caseId))?.key;
    const revoke = async (commit: boolean) => {
      const runner = db.ds.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        await runner.query('UPDATE api_keys SET revoked_at = $2 WHERE key_hash = $1', [
          apiKeyHash(w.keys.officer),
          new Date('2021-10-01T08:00:00Z'),
        ]);
        const during = await judged();
        if (commit) await runner.commitTransaction();
        else await runner.rollbackTransaction();
        return during;
      } finally {
        await runner.release();
      }
    };
    await judged();
    expect(await revoke(false)).toHaveProperty('person');
    expect(await judged()).toHaveProperty('person');
    expect(await revoke(true)).toHaveProperty('person');
    expect(await judged()).toMatchObject({ refused: 'revoked' });
  });

  it("never finds a council's key in another council, kept or not", async () => {
    const [a, b] = [await buildBcfWorld(db.ds), await buildBcfWorld(db.ds)];
    const [caseA, caseB] = [await opened(a), await opened(b)];
    const reads = new SendReadRepository();
    expect((await keyAndCase(reads, a.tenantId, a.keys.officer, caseA))?.key).toMatchObject({
      person: { id: a.ids.people.officer, tenantId: a.tenantId },
    });
    expect(await keyAndCase(reads, b.tenantId, a.keys.officer, caseB)).toBeNull();
    expect(await keyAndCase(reads, b.tenantId, a.keys.officer, caseA)).toBeNull();
    expect(await keyAndCase(reads, b.tenantId, b.keys.officer, caseA)).toMatchObject({
      key: { person: { id: b.ids.people.officer, tenantId: b.tenantId } },
      row: null,
    });
  });

  it("moves the council's directory version with every change to a key but the note of its use", async () => {
    const w = await buildBcfWorld(db.ds);
    const keys = new ApiKeyRepository();
    const [{ id }]: { id: string }[] = await db.ds.query(
      'SELECT id FROM api_keys WHERE key_hash = $1',
      [apiKeyHash(w.keys.officer)],
    );
    const before = await version(w);
    await withTenant(w.tenantId, () => keys.touch(tenantScope(w.tenantId), db.ds.manager, id, at));
    const [{ last }]: { last: Date }[] = await db.ds.query(
      'SELECT last_used_at AS last FROM api_keys WHERE id = $1',
      [id],
    );
    expect(last).toEqual(at);
    expect(await version(w)).toBe(before);
    await withTenant(w.tenantId, () => keys.revoke(tenantScope(w.tenantId), db.ds.manager, id, at));
    const revoked = await version(w);
    expect(BigInt(revoked)).toBeGreaterThan(BigInt(before));
    await setKey(w, 'name', 'renamed');
    expect(BigInt(await version(w))).toBeGreaterThan(BigInt(revoked));
  });

  it("asks its caller to note a key's use once a minute in a process, as the key read afresh would", async () => {
    const w = await buildBcfWorld(db.ds);
    const caseId = await opened(w);
    const reads = new SendReadRepository();
    const lastUsed = async () =>
      (
        (await keyAndCase(reads, w.tenantId, w.keys.officer, caseId))?.key as {
          lastUsedAt: unknown;
        }
      ).lastUsedAt;
    // Never noted: the caller notes it; then this process counts it noted, without a read.
    expect(await lastUsed()).toBeNull();
    expect(await lastUsed()).toEqual(at);
  });
});
