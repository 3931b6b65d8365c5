import {
  chairAwayBySql,
  linksOfRole,
  withViceChairDelegation,
} from '../testing/absence-world.factory';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody } from '../testing/world.factory';
import { CaseRepository } from './case.repository';

/**
 * review11: a send that reads the case and then writes keeps the read's documents, directory
 * version and who is away beside a send state (the around digest) the write computed later. A
 * change committed between that read and that write is then in the kept digest but not in the kept
 * row, so every later kept send passes the write's check and decides on the stale row.
 */
describe('a kept case whose council changed between its read and its write', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });
  afterEach(() => jest.restoreAllMocks());

  it('is not sent from as read: a request to someone who went away in between goes to their deputy', async () => {
    const world = await buildBcfWorld(db.ds, { tweak: withViceChairDelegation });
    const h = engineHarness(db.ds);
    const { caseId } = await h.open.open(openBcfCaseBody(world), world.actors.officer);
    const original = CaseRepository.prototype.findForSend;
    // The Chair's absence is committed (as a data fix would be, its trigger moving the council's
    // row) after the first send's read and before its write.
    jest.spyOn(CaseRepository.prototype, 'findForSend').mockImplementationOnce(async function (
      this: CaseRepository,
      ...args
    ) {
      const row = await original.apply(this, args);
      await chairAwayBySql(db.ds, world);
      return row;
    });
    await h.send.send(caseId, { type: 'SEEK_AGREEMENT', payload: {} }, world.actors.officer, {
      expectedVersion: 1,
    });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ceo, {
      expectedVersion: 2,
    });
    await h.send.send(caseId, { type: 'AGREE', payload: {} }, world.actors.ao, {
      expectedVersion: 3,
    });
    // As when the absence is written before the first read (send-kept-case.integration-spec).
    expect(await linksOfRole(db.ds, caseId, 'delegatedApprover')).toEqual([
      { name: 'Cllr Chris Lane', status: 'open' },
    ]);
  });
});
