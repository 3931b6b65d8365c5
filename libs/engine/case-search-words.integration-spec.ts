import { tenantScope } from '../core/tenant-scope';
import type { Queryable } from '../core/queryable';
import { engineHarness } from '../testing/engine-harness.service';
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
    const runner = (await db.owner()).createQueryRunner();
    await runner.startTransaction();
    try {
      // 2,000 more cases, analysed: a council where "grant" is common and "1234" rare.
      await runner.query(
        `INSERT INTO cases (id, tenant_id, reference, title, template_id, template_version, version,
                            snapshot, state_key, summary, roles, dates, awaiting_person_ids,
                            created_by, created_at, updated_at, closed_at, audit_head, definition_hash)
         SELECT gen_random_uuid(), c.tenant_id, c.reference || '-' || g, c.title || ' ' || g,
                c.template_id, c.template_version, c.version, c.snapshot, c.state_key, c.summary,
                c.roles, c.dates, '{}', c.created_by, c.created_at,
                c.updated_at + g * interval '1 second', c.closed_at, c.audit_head, c.definition_hash
           FROM (SELECT * FROM cases WHERE tenant_id = $1 AND title LIKE 'Carers%' LIMIT 1) c,
                generate_series(1, 2000) g`,
        [world.tenantId],
      );
      await runner.query('ANALYZE');
      await runner.query('SET LOCAL ROLE ratify_runtime');
      await runner.query(`SELECT set_config('app.tenant_id', $1, true)`, [world.tenantId]);
      // Each statement the search sends, explained where it runs, then run for its answer.
      const plans: string[] = [];
      const explaining = {
        query: async (sql: string, params: unknown[]) => {
          const rows = (await runner.query(`EXPLAIN ${sql}`, params)) as { 'QUERY PLAN': string }[];
          plans.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
          return runner.query(sql, params);
        },
      } as unknown as Queryable;
      const scope = tenantScope(world.tenantId);
      for (const text of ['grant', 'gra', '1234', 'zzz']) {
        plans.length = 0;
        await search.count(scope, explaining, { text }, 1000);
        await search.page(scope, explaining, { text }, 25, 0);
        const read = plans.join('\n');
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
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
