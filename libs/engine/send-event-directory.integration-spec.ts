import type { PoolClient } from 'pg';
import { engineHarness, sendEventUseCase } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';

describe('the directory behind each send', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('sees a change of office holder at the very next event, however recently the directory was read', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    // The Chief Executive leaves office; the deputy CCG officer's person takes it (any other holder will do).
    await db.ds.query(`UPDATE office_holders SET held_until = '2021-09-30' WHERE office_id = $1`, [
      world.ids.offices.ceo,
    ]);
    await db.ds.query(
      `INSERT INTO office_holders (tenant_id, office_id, person_id, held_from, kind)
       SELECT tenant_id, id, $2, '2021-10-01', 'substantive' FROM offices WHERE id = $1`,
      [world.ids.offices.ceo, world.ids.people.gp],
    );
    await expect(
      h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, { expectedVersion: 2 }),
    ).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    const agreed = await h.send.send(
      caseId,
      { type: 'AGREE', as: 'chiefExecutive', payload: {} },
      world.actors.gp,
      { expectedVersion: 2 },
    );
    expect(agreed.authority).toMatchObject({
      kind: 'office',
      officeTitle: 'Chief Executive, Southampton City Council',
    });
  });

  it('prepares its statements by name, unless the settings say the pooler cannot keep them', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const pool = (db.ds.driver as unknown as { master: { query: (...a: unknown[]) => unknown } })
      .master;
    const spy = jest.spyOn(pool, 'query');
    const names = () =>
      spy.mock.calls.map((c) => (c[0] as { name?: string }).name ?? null).filter((n) => n !== null);
    try {
      await sendEventUseCase(db.ds, h.clock, {
        DATABASE_NAMED_STATEMENTS: 'true',
      }).send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
        expectedVersion: 1,
      });
      expect(names().length).toBe(2);
      spy.mockClear();
      await sendEventUseCase(db.ds, h.clock, {
        DATABASE_NAMED_STATEMENTS: 'false',
      }).send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, { expectedVersion: 2 });
      expect(spy.mock.calls.length).toBe(2);
      expect(names()).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('prepares its statements by name on the connection of the transaction it is sent in', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const named: (string | null)[] = [];
    await db.ds.transaction(async (m) => {
      const client = (m.queryRunner as unknown as { databaseConnection: PoolClient })
        .databaseConnection;
      const spy = jest.spyOn(client, 'query');
      try {
        await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
          expectedVersion: 1,
          manager: m,
        });
        named.push(...spy.mock.calls.map((c) => (c[0] as { name?: string }).name ?? null));
      } finally {
        spy.mockRestore();
      }
    });
    // The read and the write, each by name (the directory's read may come from the cache).
    expect(named.filter((n) => n !== null).length).toBe(2);
    const [{ version }]: { version: number }[] = await db.ds.query(
      'SELECT version FROM cases WHERE id = $1',
      [caseId],
    );
    expect(version).toBe(2);
  });

  it('never reuses a directory version that a rolled-back change took, so a cached read of it cannot come back', async () => {
    const world = await buildBcfWorld(db.ds);
    const version = async () =>
      Number(
        (
          await db.ds.query('SELECT directory_version FROM tenants WHERE tenant_id = $1', [
            world.tenantId,
          ])
        )[0].directory_version,
      );
    const before = await version();
    let seenInside = 0;
    await expect(
      db.ds.transaction(async (m) => {
        await m.query('UPDATE offices SET title = title WHERE id = $1', [world.ids.offices.ceo]);
        seenInside = Number(
          (
            await m.query('SELECT directory_version FROM tenants WHERE tenant_id = $1', [
              world.tenantId,
            ])
          )[0].directory_version,
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(seenInside).not.toBe(before);
    await expect(version()).resolves.toBe(before);
    await db.ds.query('UPDATE offices SET title = title WHERE id = $1', [world.ids.offices.ceo]);
    const after = await version();
    expect([after === before, after === seenInside]).toEqual([false, false]);
  });
});
