import { DirectoryRepository } from '../directory/directory.repository';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';

/**
 * A list of cases names who holds each case's roles as the case's own page does, from one
 * directory read for the whole page rather than one per case (issue #21: at 100,000 cases the
 * dashboard's and the API's lists spent most of their time planning that read once a case).
 */
describe('the role holders of a list of cases', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('are those each case shows on its own, read from the directory once for the page', async () => {
    const world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    const opened: string[] = [];
    for (let i = 0; i < 3; i++)
      opened.push((await h.open.open(openBcfCaseBody(world), world.actors.officer)).caseId);
    const one = await Promise.all(opened.map((id) => h.views.get(world.tenantId, id)));

    const perCase = jest.spyOn(DirectoryRepository.prototype, 'roleHolders');
    const perPage = jest.spyOn(DirectoryRepository.prototype, 'roleHoldersOfCases');
    try {
      const listed = await h.views.list(world.tenantId, { limit: 50, offset: 0 });
      expect(listed.map((c) => c.id).sort()).toEqual([...opened].sort());
      for (const c of listed) {
        const alone = one.find((x) => x.id === c.id)!;
        expect(c.roles).toEqual(alone.roles);
        expect(c.awaiting).toEqual(alone.awaiting);
      }
      // Someone is named: a list whose holders all read as nobody would pass the comparison too.
      expect(listed.flatMap((c) => c.awaiting).some((a) => a.person !== null)).toBe(true);
      expect(perCase).not.toHaveBeenCalled();
      expect(perPage).toHaveBeenCalledTimes(1);
    } finally {
      perCase.mockRestore();
      perPage.mockRestore();
    }
  });
});
