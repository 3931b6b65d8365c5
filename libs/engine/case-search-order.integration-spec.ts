import type { DataSource } from 'typeorm';
import { tenantScope } from '../core/tenant-scope';
import { engineHarness } from '../testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld, openBcfCaseBody, type BcfWorld } from '../testing/world.factory';
import { CaseSearchRepository, type ByWords } from './case-search.repository';

/** The staff search as it read before migration 1796441900000: every case tested in turn. */
class CaseByCase extends CaseSearchRepository {
  protected override byWords(): Promise<ByWords | null> {
    return Promise.resolve(null);
  }
}

/** Words the built titles are made of: prefixes of each other, punctuation, and many in "p". */
const VOCABULARY = [
  'plan',
  'plans',
  'planning',
  'plane',
  'fund',
  'funding',
  'care',
  'carers’',
  '2026',
  '2026/27',
  '2027–2030',
  'award',
  'grant',
  'Joint',
  'scc-2021-0042',
  ...Array.from({ length: 20 }, (_, i) => `p${i}x`),
];

/**
 * The staff search by words read word by word in the list's order (IDX_case_words_order,
 * migration 1796441900000) answers as the reading it replaced, case by case: the same cases, in
 * the same order (updated_at ties included), on every page, and the same bounded counts.
 */
describe('the staff search read word by word answers as the case-by-case reading did', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let owner: DataSource;
  const now = new CaseSearchRepository();
  const before = new CaseByCase();

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
    owner = await db.owner();
    const h = engineHarness(db.ds);
    await h.open.open(openBcfCaseBody(world, { title: 'Seed case' }), world.actors.officer);
    // 600 cases, their titles from the vocabulary by a fixed rule, changed at one of 40 moments
    // (so that many share an updated_at, ordered then by id).
    await owner.query(
      `INSERT INTO cases (id, tenant_id, reference, title, template_id, template_version, version,
                          snapshot, state_key, summary, roles, dates, awaiting_person_ids,
                          created_by, created_at, updated_at, closed_at, audit_head, definition_hash)
       SELECT gen_random_uuid(), c.tenant_id, 'SCC-2026-' || lpad(g::text, 4, '0'),
              (SELECT string_agg(v[1 + (g * k * 7 + k * k) % cardinality(v)], ' ')
                 FROM generate_series(1, 1 + g % 4) k),
              c.template_id, c.template_version, c.version, c.snapshot, c.state_key, c.summary,
              c.roles, c.dates, '{}', c.created_by, c.created_at,
              c.updated_at + (g % 40) * interval '1 minute', c.closed_at, c.audit_head, c.definition_hash
         FROM (SELECT * FROM cases WHERE tenant_id = $1 LIMIT 1) c, generate_series(1, 600) g,
              (SELECT $2::text[] AS v) words`,
      [world.tenantId, VOCABULARY],
    );
    await owner.query('ANALYZE');
  });
  afterAll(async () => {
    await db.drop();
  });

  const SEARCHES = [
    'plan',
    'PLAN',
    'plann',
    'pla',
    'p',
    'p1',
    'fund plan',
    'plan fund',
    'plans 2026',
    '2026',
    '2026/27',
    '2030',
    '2027–2030',
    'carers',
    'carers’ grant',
    'scc-2021',
    'SCC-2026-00',
    'zzz',
    'plan zzz',
    '—',
    'joint p',
    'a',
  ];

  const answers = async (search: CaseSearchRepository, text: string) => {
    const scope = tenantScope(world.tenantId);
    const q = db.ds.manager;
    const pages = [];
    for (const offset of [0, 25, 100, 575])
      pages.push((await search.page(scope, q, { text }, 25, offset)).map((r) => r.id));
    const counts = [];
    for (const upTo of [0, 3, 40, 1000]) counts.push(await search.count(scope, q, { text }, upTo));
    return { pages, counts };
  };

  const sameAnswers = async () => {
    for (const text of SEARCHES) {
      const expected = await answers(before, text);
      expect({ text, ...(await answers(now, text)) }).toEqual({ text, ...expected });
    }
  };

  it('finds the same cases in the same order, and counts them alike, for every search', async () => {
    await sameAnswers();
  });

  it('still does after cases are changed, renamed and retitled', async () => {
    // Every tenth case moves to the newest moment; every seventh is retitled; one is renamed.
    await owner.query(
      `UPDATE cases SET updated_at = updated_at + interval '2 hours'
        WHERE tenant_id = $1 AND right(reference, 1) = '0'`,
      [world.tenantId],
    );
    await owner.query(
      `UPDATE cases SET title = 'planning grant 2027–2030', updated_at = updated_at + interval '1 second'
        WHERE tenant_id = $1 AND reference LIKE 'SCC-2026-%' AND (right(reference, 4))::int % 7 = 0`,
      [world.tenantId],
    );
    await owner.query(
      `UPDATE cases SET reference = 'SCC-2030-0001' WHERE tenant_id = $1 AND reference = 'SCC-2026-0001'`,
      [world.tenantId],
    );
    await sameAnswers();
  });
});
