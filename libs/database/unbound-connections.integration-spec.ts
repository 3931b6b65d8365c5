import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  acrossTenants,
  forEachCouncilWithWork,
  inTenantScope,
  withTenant,
} from '../core/tenant-context.service';
import { councilsOfOnePerson } from '../testing/councils-of-one-person.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { openDataSource } from './data-source.service';
import { isUnboundTenantError, UNBOUND_TENANT } from './tenant-bound-connections.service';

/*
 * Failing closed (ADR 0015): on a pool that refuses connections bound to no council, a query
 * that forgets its tenant_id sees only the bound council's rows, and a query bound to none is
 * refused with an error that says so, inside a request's or worker's scope and outside every
 * scope alike. Only acrossTenants looks across councils.
 */
describe('a connection bound to no council', () => {
  let db: TestDatabase;
  let refusing: DataSource;
  const a = randomUUID();
  const b = randomUUID();
  const names = (rows: { name: string }[]) => rows.map((r) => r.name).sort();
  const everyone = 'SELECT name FROM people ORDER BY name';

  beforeAll(async () => {
    // TypeORM logs each refused query; these tests expect refusals.
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    db = await openTestDatabase(2);
    await councilsOfOnePerson(db, a, b);
    refusing = await openDataSource(db.url, 2, { unbound: 'refuse' });
  });

  afterAll(async () => {
    await refusing?.destroy();
    await db?.drop();
  });

  it('sees only the bound council’s rows when a query forgets its tenant_id', async () => {
    expect(names(await withTenant(a, () => refusing.query(everyone)))).toEqual(['Ada of A']);
    expect(names(await withTenant(b, () => refusing.query(everyone)))).toEqual(['Bea of B']);
  });

  it('refuses a query bound to no council, in a scope and outside every scope, saying why', async () => {
    for (const run of [
      () => inTenantScope(() => refusing.query(everyone)),
      () => refusing.query(everyone),
    ]) {
      const refused: unknown = await run().then(
        () => null,
        (e: unknown) => e,
      );
      expect(isUnboundTenantError(refused)).toBe(true);
      expect((refused as Error).message).toContain(UNBOUND_TENANT);
    }
    // A write bound to no council is refused as well, and writes nothing.
    const write = await refusing
      .query('INSERT INTO people (tenant_id, name, email) VALUES ($1, $2, $3)', [
        a,
        'Unbound',
        'unbound@example.org',
      ])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(isUnboundTenantError(write)).toBe(true);
    expect(await db.superuser('SELECT 1 FROM people WHERE name = $1', ['Unbound'])).toEqual([]);
  });

  it('still reads the table of no council (the councils themselves) before one is bound', async () => {
    const rows: { tenant_id: string }[] = await refusing.query(
      'SELECT tenant_id FROM tenants WHERE tenant_id = ANY($1) ORDER BY slug',
      [[a, b]],
    );
    expect(rows.map((r) => r.tenant_id)).toEqual([a, b]);
  });

  it('looks across councils only when asked, and a sweep does each council’s work bound to it', async () => {
    expect(names(await acrossTenants(() => refusing.query(everyone)))).toEqual([
      'Ada of A',
      'Bea of B',
    ]);
    const seen = await forEachCouncilWithWork(
      async () => {
        const rows: { tenant_id: string }[] = await refusing.query(
          'SELECT DISTINCT tenant_id FROM people WHERE tenant_id = ANY($1)',
          [[a, b]],
        );
        return rows.map((r) => r.tenant_id);
      },
      async (tenant) => ({ tenant, names: names(await refusing.query(everyone)) }),
    );
    expect(seen.sort((x, y) => x.names[0].localeCompare(y.names[0]))).toEqual([
      { tenant: a, names: ['Ada of A'] },
      { tenant: b, names: ['Bea of B'] },
    ]);
  });
});
