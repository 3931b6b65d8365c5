import { randomUUID } from 'node:crypto';
import { acrossCouncils } from '../core/across-councils';
import { tenantScope } from '../core/tenant-scope';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { TenantRepository } from './tenant.repository';

/*
 * The councils' own rows (tenants) are read and written in the scope's council: scoped to council
 * A, the repository reads, locks and replaces A's settings and never B's. The table has no
 * row-level security (it is read by slug before any council is bound): the repository's own clause
 * is all that keeps B's row out.
 */
describe('the tenants’ repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const tenants = new TenantRepository();
  const ofA = { caseReferences: { prefix: 'A' } };
  const ofB = { caseReferences: { prefix: 'B' } };

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    await tenants.setSettings(w.scopeA, db.ds.manager, ofA);
    await tenants.setSettings(w.scopeB, db.ds.manager, ofB);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('reads each council’s own settings, and no other’s', async () => {
    const m = db.ds.manager;
    await expect(tenants.settings(w.scopeA, m)).resolves.toEqual(ofA);
    await expect(tenants.settings(w.scopeB, m)).resolves.toEqual(ofB);
  });

  it('locks and reads each council’s own settings, and no other’s', async () => {
    await db.ds.transaction(async (m) => {
      await expect(tenants.lockedSettings(w.scopeA, m)).resolves.toEqual(ofA);
      await expect(tenants.lockedSettings(w.scopeB, m)).resolves.toEqual(ofB);
    });
  });

  it('replaces the scope’s council’s settings and leaves another’s as they were', async () => {
    const m = db.ds.manager;
    const changed = { caseReferences: { prefix: 'A2' } };
    await tenants.setSettings(w.scopeA, m, changed);
    await expect(tenants.settings(w.scopeA, m)).resolves.toEqual(changed);
    await expect(tenants.settings(w.scopeB, m)).resolves.toEqual(ofB);
  });

  it('writes a new council’s row under the scope’s id, and finds a slug taken by any council', async () => {
    const m = db.ds.manager;
    const operator = acrossCouncils('operator');
    const [{ slug: slugOfB }]: { slug: string }[] = await m.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [w.b.tenantId],
    );
    await expect(tenants.slugTaken(operator, m, slugOfB)).resolves.toBe(true);
    const slug = `new-${randomUUID().slice(0, 8)}`;
    await expect(tenants.slugTaken(operator, m, slug)).resolves.toBe(false);
    const scope = tenantScope(randomUUID());
    await tenants.insert(scope, m, { slug, name: 'A new council', createdAt: new Date() });
    const rows: { tenant_id: string }[] = await m.query(
      'SELECT tenant_id FROM tenants WHERE slug = $1',
      [slug],
    );
    expect(rows).toEqual([{ tenant_id: scope.tenantId }]);
    await expect(tenants.slugTaken(operator, m, slug)).resolves.toBe(true);
  });

  it('finds the council at a slug, across councils, for a request and for a tool', async () => {
    const m = db.ds.manager;
    const rows: { slug: string; name: string }[] = await m.query(
      'SELECT slug, name FROM tenants WHERE tenant_id = $1',
      [w.b.tenantId],
    );
    const [ofB] = rows;
    const lookUp = acrossCouncils('council look-up');
    await expect(tenants.councilBySlug(lookUp, m, ofB.slug)).resolves.toEqual({
      tenantId: w.b.tenantId,
      name: ofB.name,
    });
    await expect(tenants.councilBySlug(acrossCouncils('tool'), m, ofB.slug)).resolves.toEqual({
      tenantId: w.b.tenantId,
      name: ofB.name,
    });
    await expect(tenants.councilBySlug(lookUp, m, `${ofB.slug}-none`)).resolves.toBeNull();
  });
});
