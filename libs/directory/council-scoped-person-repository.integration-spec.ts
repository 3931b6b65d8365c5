import { giveStaffAccount } from '../testing/directory-world.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { twoCouncils, type TwoCouncils } from '../testing/two-councils.factory';
import { PersonRepository } from './person.repository';

/*
 * The people's repository takes the council's scope: scoped to council A, it reads nothing of
 * council B's people, whichever of B's people it is given. The calls run outside every request's
 * scope, where row-level security lets every row through (ADR 0015): what keeps B's rows out is the
 * repository's own clause.
 */
describe('the people’s repository scoped to one council', () => {
  let db: TestDatabase;
  let w: TwoCouncils;
  const people = new PersonRepository();
  const today = '2025-06-02';

  beforeAll(async () => {
    db = await openTestDatabase(2);
    w = await twoCouncils(db);
    await giveStaffAccount(db.ds, w.b.tenantId, w.b.ids.people.officer, 'administrator');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('reads no standing as staff of another council’s person', async () => {
    const m = db.ds.manager;
    const officerOfB = w.b.ids.people.officer;
    await expect(people.staffStanding(w.scopeB, m, officerOfB, today)).resolves.toEqual({
      role: 'administrator',
      isOfficer: true,
    });
    await expect(people.staffStanding(w.scopeA, m, officerOfB, today)).resolves.toBeNull();
  });

  it('does not find another council’s person who has not left', async () => {
    const m = db.ds.manager;
    const chairOfB = w.b.ids.people.chair;
    await expect(people.notLeftBy(w.scopeB, m, chairOfB, today)).resolves.toMatchObject({
      id: chairOfB,
    });
    await expect(people.notLeftBy(w.scopeA, m, chairOfB, today)).resolves.toBeNull();
  });
});
