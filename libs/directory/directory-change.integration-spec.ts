import { randomUUID } from 'node:crypto';
import { buildBcfWorld } from '../testing/world.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { verifyDirectoryChain } from './directory-change-chain.service';
import { DirectoryChangeRepository } from './directory-change.repository';
import { tenantScope } from '../core/tenant-scope';

describe('the record of directory changes', () => {
  let db: TestDatabase;
  const changes = new DirectoryChangeRepository();
  const actor = { kind: 'person' as const, personId: randomUUID(), name: 'Riley Shaw' };

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  async function tenantWithChanges(n: number): Promise<string> {
    const { tenantId } = await buildBcfWorld(db.ds);
    for (let i = 0; i < n; i++)
      await db.ds.transaction((m) =>
        changes.record(tenantScope(tenantId), m, {
          at: new Date(Date.UTC(2026, 0, 5, 9, i)),
          actor,
          subject: 'person',
          subjectId: randomUUID(),
          action: i === 0 ? 'created' : 'changed',
          before: i === 0 ? null : { name: `Name ${i - 1}`, left: undefined },
          after: { name: `Name ${i}`, on: new Date('2026-01-05T00:00:00Z') },
        }),
      );
    return tenantId;
  }

  const verify = async (tenantId: string) => {
    const { changes: chain, head } = await changes.chain(tenantScope(tenantId), db.ds.manager);
    return verifyDirectoryChain(chain, head);
  };

  it('chains each change to the one before and verifies intact', async () => {
    const tenantId = await tenantWithChanges(3);
    expect(await verify(tenantId)).toMatchObject({ ok: true, changes: 3 });
    const listed = await changes.list(tenantScope(tenantId), db.ds.manager, { limit: 2 });
    expect(listed.map((c) => c.seq)).toEqual([3, 2]);
    expect(
      (await changes.list(tenantScope(tenantId), db.ds.manager, { beforeSeq: 2 })).map(
        (c) => c.seq,
      ),
    ).toEqual([1]);
  });

  it('numbers changes made at the same moment one after another', async () => {
    const tenantId = await tenantWithChanges(0);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.ds.transaction((m) =>
          changes.record(tenantScope(tenantId), m, {
            at: new Date(),
            actor,
            subject: 'office',
            subjectId: randomUUID(),
            action: 'created',
            before: null,
            after: { title: `Office ${i}` },
          }),
        ),
      ),
    );
    expect(await verify(tenantId)).toMatchObject({ ok: true, changes: 12 });
  });

  it('refuses to alter or remove a change, to the app and to the owner', async () => {
    const tenantId = await tenantWithChanges(1);
    for (const ds of [db.ds, await db.owner()]) {
      await expect(
        ds.query(`UPDATE directory_changes SET action = 'x' WHERE tenant_id = $1`, [tenantId]),
      ).rejects.toThrow(/append-only|permission denied/);
      await expect(
        ds.query('DELETE FROM directory_changes WHERE tenant_id = $1', [tenantId]),
      ).rejects.toThrow(/append-only|permission denied/);
    }
  });

  it('names the change a superuser edited behind the triggers, and a removed tail', async () => {
    const edited = await tenantWithChanges(3);
    await db.superuser(
      `BEGIN; SET LOCAL session_replication_role = replica;
       UPDATE directory_changes SET after = '{"name":"Someone else"}' WHERE tenant_id = '${edited}' AND seq = 2; COMMIT;`,
    );
    expect(await verify(edited)).toMatchObject({ ok: false, atSeq: 2 });

    const cut = await tenantWithChanges(3);
    await db.superuser(
      `BEGIN; SET LOCAL session_replication_role = replica;
       DELETE FROM directory_changes WHERE tenant_id = '${cut}' AND seq = 3; COMMIT;`,
    );
    expect(await verify(cut)).toMatchObject({ ok: false, atSeq: 3 });
  });
});
