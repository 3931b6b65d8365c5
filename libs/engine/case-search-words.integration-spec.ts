import type { Queryable } from '../core/queryable';
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
        // A run with punctuation inside is read by its parts, each through its index, as the same
        // words typed apart are (and counted by the same statement).
        const sent: string[] = [];
        const recording = {
          query: (sql: string, params: unknown[]) => {
            if (!sql.includes('typed_parts_are_words'))
              sent.push(`${sql} ${JSON.stringify(params)}`);
            return m.query(sql, params);
          },
        } as unknown as Queryable;
        for (const [run, apart] of [
          ['breaks-grant', 'breaks grant'],
          ['grant/1234', 'grant 1234'],
        ]) {
          planned();
          await search.page(scope, m, { text: run }, 25, 0);
          const read = planned();
          expect({ run, read }).toEqual({
            run,
            read: expect.stringMatching(/Index (Only )?Scan using "IDX_case_words_order"/),
          });
          expect({ run, read }).toEqual({
            run,
            read: expect.not.stringMatching(/IDX_cases_tenant_updated|Seq Scan|ILIKE|~~/),
          });
          sent.length = 0;
          await search.count(scope, recording, { text: run }, 1000);
          const asRun = [...sent];
          sent.length = 0;
          await search.count(scope, recording, { text: apart }, 1000);
          expect({ run, counted: asRun.at(-1) }).toEqual({ run, counted: sent.at(-1) });
        }
        // Words that each begin one word are counted from their rows alone, side by side in the
        // list's order (at 100,000 cases a merge join that stops at 1,001 cases; docs/benchmarks.md),
        // not case by case: the same count, up to 1,000 and beyond.
        for (const text of ['breaks grant', 'breaks-grant', 'GRANT Breaks']) {
          planned();
          const counts = [
            await search.count(scope, m, { text }, 1000),
            await search.count(scope, m, { text }, 5000),
          ];
          const read = planned();
          expect({ text, counts }).toEqual({ text, counts: [1001, 2001] });
          expect({ text, read }).toEqual({
            text,
            read: expect.not.stringMatching(/ on cases|UQ_tenant_cases|Seq Scan/),
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
