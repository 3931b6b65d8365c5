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

  it('reads the words through their index as the runtime role, not every case in turn', async () => {
    let sent: { sql: string; params: unknown[] } | undefined;
    const capture = {
      query: (sql: string, params: unknown[]) => {
        sent = { sql, params };
        return Promise.resolve([]);
      },
    } as unknown as Queryable;
    await search.page(tenantScope(world.tenantId), capture, { text: 'zzz' }, 25, 0);
    const runner = (await db.owner()).createQueryRunner();
    await runner.startTransaction();
    try {
      // 2,000 more cases, analysed: a council where the word is rare.
      await runner.query(
        `INSERT INTO cases (id, tenant_id, reference, title, template_id, template_version, version,
                            snapshot, state_key, summary, roles, dates, awaiting_person_ids,
                            created_by, created_at, updated_at, closed_at, audit_head, definition_hash)
         SELECT gen_random_uuid(), c.tenant_id, c.reference || '-' || g, c.title || ' ' || g,
                c.template_id, c.template_version, c.version, c.snapshot, c.state_key, c.summary,
                c.roles, c.dates, '{}', c.created_by, c.created_at,
                c.updated_at + g * interval '1 second', c.closed_at, c.audit_head, c.definition_hash
           FROM (SELECT * FROM cases WHERE tenant_id = $1 LIMIT 1) c, generate_series(1, 2000) g`,
        [world.tenantId],
      );
      await runner.query('ANALYZE');
      await runner.query('SET LOCAL ROLE ratify_runtime');
      await runner.query(`SELECT set_config('app.tenant_id', $1, true)`, [world.tenantId]);
      const plan = (
        (await runner.query(`EXPLAIN ${sent!.sql}`, sent!.params)) as { 'QUERY PLAN': string }[]
      )
        .map((r) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toMatch(/Index (Only )?Scan using "IDX_case_words_word"/);
      expect(plan).not.toMatch(/ILIKE|~~|Seq Scan on cases/);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
