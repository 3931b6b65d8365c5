import { tenantScope } from '../core/tenant-scope';
import { copiesOfACase } from '../testing/case-copies.factory';
import { engineHarness } from '../testing/engine-harness.service';
import { planAsTheRuntimeRole } from '../testing/runtime-role-plan.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { CaseSearchRepository } from './case-search.repository';

/**
 * The staff search by words (issue #21): each word typed begins a word of the case's title or
 * reference, read from case_words (kept by triggers, migration 1796441500000) by `starts_with`,
 * which row-level security lets an index answer; ILIKE it does not, and every case was tested.
 */
describe('the staff search by the words of titles and references', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  const search = new CaseSearchRepository();
  const titles: Record<string, string> = {};
  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
    const h = engineHarness(db.ds);
    for (const title of [
      'Carers’ breaks grant: extension to March 2027',
      'Better Care Fund plan 2026/27',
      'Community equipment: contract award 2027–2030',
    ]) {
      const { caseId } = await h.open.open(openBcfCaseBody(world, { title }), world.actors.officer);
      titles[caseId] = title;
    }
  });
  afterAll(async () => {
    await db.drop();
  });

  const found = async (text: string) =>
    (await search.page(tenantScope(world.tenantId), db.ds.manager, { text }, 25, 0))
      .map((r) => r.title)
      .sort();

  it('finds a case by the beginnings of its words, in any order and case, not by the middle of a word', async () => {
    expect(await found('GRANT carer')).toEqual(['Carers’ breaks grant: extension to March 2027']);
    expect(await found('2026/27')).toEqual(['Better Care Fund plan 2026/27']);
    expect(await found('2030')).toEqual(['Community equipment: contract award 2027–2030']);
    expect(await found('plan 27')).toEqual(['Better Care Fund plan 2026/27']);
    // Inside a word is no longer a match: "lan" is not the start of "plan".
    expect(await found('lan')).toEqual([]);
    expect(await found('—')).toEqual([]);
  });

  it('reads a word, common or rare, through its index in the list’s order as the runtime role', async () => {
    const scope = tenantScope(world.tenantId);
    await planAsTheRuntimeRole(
      await db.owner(),
      world.tenantId,
      async (m, planned) => {
        for (const text of ['grant', 'gra', '1234', 'zzz']) {
          await search.count(scope, m, { text }, 1000);
          await search.page(scope, m, { text }, 25, 0);
          const read = planned();
          expect({ text, read }).toEqual({
            text,
            read: expect.stringMatching(/Index (Only )?Scan using "IDX_case_words_order"/),
          });
          // Neither the cases in the list's order, each looked up, nor every case.
          expect({ text, read }).toEqual({
            text,
            read: expect.not.stringMatching(/IDX_cases_tenant_updated|Seq Scan|ILIKE|~~/),
          });
        }
      },
      {
        // 2,000 more cases, analysed: a council where "grant" is common and "1234" rare.
        before: async (q) => {
          await copiesOfACase(q, world.tenantId, 2000, {
            title: "c.title || ' ' || g",
            awaitingPersonIds: "'{}'",
            source: "title LIKE 'Carers%'",
          });
          await q.query('ANALYZE');
        },
        // Each statement the search sends, explained where it runs, then run for its answer.
        run: true,
      },
    );
  });
});
