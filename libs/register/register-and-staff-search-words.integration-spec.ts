import { tenantScope } from '../core/tenant-scope';
import { DirectoryRepository } from '../directory/directory.repository';
import { TenantRepository } from '../directory/tenant.repository';
import { CaseSearchRepository } from '../engine/case-search.repository';
import { engineHarness } from '../testing/engine-harness.service';
import {
  buildOfficerDecisionWorld,
  openDescribedDecision,
  publishDescribedDecision,
  type OfficerDecisionWorld,
} from '../testing/officer-decision-world.factory';
import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { DecisionRegisterService, hasNotice } from './decision-register.service';
import { RegisterRepository } from './register.repository';

/**
 * The public register and the staff search find a decision by the same words typed (one word
 * rule, migration 1796443000000): the register kept "2027–2030" (an en dash) as one word, so
 * "2030" found it in the staff search and not on the register. A run typed with punctuation
 * inside is found where it begins a word, or where each of its parts does ("library-hours" finds
 * "Library hours"), in the staff search read by its words (ByWords) or case by case.
 */
describe('the same words typed on the register and in the staff search', () => {
  let db: TestDatabase;
  let world: OfficerDecisionWorld;
  let register: DecisionRegisterService;
  const TITLE = 'Community equipment: contract award 2027–2030';
  const OTHER = 'Carers’ breaks grant 2026/27';
  const LIBRARY_SPACED = 'Library hours: Saturday opening';
  const LIBRARY_JOINED = 'Library-hours pilot';
  const CO_SPACED = 'Co production charter';
  const CO_JOINED = 'Co-production charter for day services';
  const references: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildOfficerDecisionWorld(db.ds);
    const h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
    register = new DecisionRegisterService(
      db.ds,
      h.clock,
      new RegisterRepository(),
      new DirectoryRepository(),
      new TenantRepository(),
    );
    for (const title of [TITLE, OTHER, LIBRARY_SPACED, LIBRARY_JOINED, CO_SPACED, CO_JOINED]) {
      const caseId = await openDescribedDecision(h, world, {
        title,
        matter: `${title}: the matter`,
        decisionDue: '2025-08-01',
      });
      await publishDescribedDecision(db.ds, h, world, caseId, '2025-08-01');
      const [row]: { reference: string }[] = await db.ds.query(
        'SELECT reference FROM cases WHERE id = $1',
        [caseId],
      );
      references[title] = row.reference;
    }
  });
  afterAll(async () => {
    await db.drop();
  });

  const onRegister = async (q: string) =>
    (await register.list(world.tenantId, { q }))
      .map((e) => (hasNotice(e) ? e.notice.title : e.reference))
      .sort();
  /** The staff search's page read by its words (ByWords), case by case, and its counts. */
  const inStaffSearch = async (text: string) => {
    const search = new CaseSearchRepository();
    const scope = tenantScope(world.tenantId);
    const q = db.ds.manager;
    const titles = async (s: { text: string; openedFrom?: string }) =>
      (await search.page(scope, q, s, 25, 0)).map((r) => r.title).sort();
    const byWords = await titles({ text });
    // Any other filter reads case by case.
    const caseByCase = await titles({ text, openedFrom: '2000-01-01' });
    const counts = [
      await search.count(scope, q, { text }, 1000),
      await search.count(scope, q, { text }),
    ];
    expect({ text, caseByCase, counts }).toEqual({
      text,
      caseByCase: byWords,
      counts: [byWords.length, byWords.length],
    });
    return byWords;
  };

  const both = (a: string, b: string) => [a, b].sort();
  it.each([
    ['2030', [TITLE]],
    ['2027–2030', [TITLE]],
    ['2027-2030', [TITLE]],
    ['award 2030', [TITLE]],
    ['carers', [OTHER]],
    ['carers’ 2026-27', [OTHER]],
    ["Carers' 2026/27", [OTHER]],
    ['2026–27', [OTHER]],
    ['203', [TITLE]],
    ['030', []],
    ['library-hours', both(LIBRARY_SPACED, LIBRARY_JOINED)],
    ['LIBRARY–HOURS', both(LIBRARY_SPACED, LIBRARY_JOINED)],
    ['hours/library', both(LIBRARY_SPACED, LIBRARY_JOINED)],
    ['library hours', both(LIBRARY_SPACED, LIBRARY_JOINED)],
    ['library-hours-pilot', [LIBRARY_JOINED]],
    ['saturday library-hou', [LIBRARY_SPACED]],
    ['library-zzz', []],
    ['co-production', both(CO_SPACED, CO_JOINED)],
    ['co-prod charter', both(CO_SPACED, CO_JOINED)],
    ['co production', both(CO_SPACED, CO_JOINED)],
    ['co-production-day', [CO_JOINED]],
    ['roduction-co', []],
  ])('finds by "%s" the same decisions on both', async (typed, titles) => {
    expect({ typed, found: await onRegister(typed) }).toEqual({ typed, found: titles });
    expect({ typed, found: await inStaffSearch(typed) }).toEqual({ typed, found: titles });
  });

  it('finds a decision by its reference typed whole, in any case, on both', async () => {
    for (const title of [TITLE, LIBRARY_JOINED]) {
      const typed = references[title].toLowerCase();
      expect({ typed, found: await onRegister(typed) }).toEqual({ typed, found: [title] });
      expect({ typed, found: await inStaffSearch(typed) }).toEqual({ typed, found: [title] });
    }
  });
});
