import { acrossCouncils } from '../core/across-councils';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld } from '../testing/world.factory';
import { TenantRepository } from './tenant.repository';

/*
 * Whether the service has any council yet, read across councils (the demo's seed writes one only
 * into an empty service): the one read of the tenants' repository that no council's scope bounds.
 */
describe('the tenants’ repository asked whether any council is set up', () => {
  let db: TestDatabase;
  const tenants = new TenantRepository();
  const tool = acrossCouncils('tool');

  beforeAll(async () => {
    db = await openTestDatabase(2);
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('says none in an empty service, and one once a council is set up', async () => {
    await expect(tenants.anyCouncil(tool, db.ds.manager)).resolves.toBe(false);
    await buildBcfWorld(db.ds);
    await expect(tenants.anyCouncil(tool, db.ds.manager)).resolves.toBe(true);
  });
});
