import type { QueryRunner } from 'typeorm';
import { KeepWhomCasesAwait1796440800000 } from '../../migrations/1796440800000-keep-whom-cases-await';
import { KeepTheWordsOfCases1796441500000 } from '../../migrations/1796441500000-keep-the-words-of-cases';
import { OrderTheWordsOfCases1796441900000 } from '../../migrations/1796441900000-order-the-words-of-cases';

/**
 * What the released migrations that fill a table beside cases send through online-fill.service.ts,
 * pinned (white space folded) to what each sent when it wrote the fill out by hand: a change to the
 * helper must not change a released migration's SQL.
 */
const FILLED = {
  KeepWhomCasesAwait1796440800000: [
    "SELECT to_regclass('case_awaits') IS NOT NULL AS made",
    'WITH batch AS ( SELECT tenant_id, id, awaiting_person_ids, updated_at FROM cases WHERE id > $1 ORDER BY id LIMIT 5000 FOR SHARE), kept AS ( INSERT INTO case_awaits (tenant_id, case_id, person_id, updated_at) SELECT DISTINCT b.tenant_id, b.id, p, b.updated_at FROM batch b, unnest(b.awaiting_person_ids) p ON CONFLICT (case_id, person_id) DO UPDATE SET updated_at = excluded.updated_at) SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*)::int FROM batch) AS n',
  ],
  KeepTheWordsOfCases1796441500000: [
    "SELECT to_regclass('case_words') IS NOT NULL AS made",
    'WITH batch AS ( SELECT tenant_id, id, title, reference FROM cases WHERE id > $1 ORDER BY id LIMIT 5000 FOR SHARE), kept AS ( INSERT INTO case_words (tenant_id, case_id, word) SELECT b.tenant_id, b.id, w FROM batch b, case_words_of(b.title, b.reference) w ON CONFLICT (case_id, word) DO NOTHING) SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*)::int FROM batch) AS n',
  ],
};

/**
 * What migration 1796441900000 sent when it wrote its fill out by hand, white space folded: its
 * column and triggers in one transaction, the fill a batch a transaction, then NOT NULL.
 */
const ORDERED = [
  'ALTER TABLE case_words ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP WITH TIME ZONE',
  "CREATE OR REPLACE FUNCTION keep_case_words() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'UPDATE' AND OLD.title IS NOT DISTINCT FROM NEW.title AND OLD.reference IS NOT DISTINCT FROM NEW.reference THEN UPDATE case_words SET updated_at = NEW.updated_at WHERE case_id = NEW.id AND updated_at IS DISTINCT FROM NEW.updated_at; RETURN NULL; END IF; DELETE FROM case_words WHERE case_id = NEW.id AND word NOT IN (SELECT case_words_of(NEW.title, NEW.reference)); INSERT INTO case_words (tenant_id, case_id, word, updated_at) SELECT NEW.tenant_id, NEW.id, w, NEW.updated_at FROM case_words_of(NEW.title, NEW.reference) w ON CONFLICT (case_id, word) DO UPDATE SET updated_at = excluded.updated_at WHERE case_words.updated_at IS DISTINCT FROM excluded.updated_at; RETURN NULL; END $$",
  'DROP TRIGGER IF EXISTS cases_keep_words_updated ON "cases"',
  'CREATE TRIGGER cases_keep_words_updated AFTER UPDATE ON "cases" FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.reference IS DISTINCT FROM NEW.reference OR OLD.updated_at IS DISTINCT FROM NEW.updated_at) EXECUTE FUNCTION keep_case_words()',
  'WITH batch AS ( SELECT id, updated_at FROM cases WHERE id > $1 ORDER BY id LIMIT 5000 FOR SHARE), kept AS ( UPDATE case_words w SET updated_at = b.updated_at FROM batch b WHERE w.case_id = b.id AND w.updated_at IS DISTINCT FROM b.updated_at) SELECT (SELECT id FROM batch ORDER BY id DESC LIMIT 1) AS last, (SELECT count(*)::int FROM batch) AS n',
  'ALTER TABLE case_words DROP CONSTRAINT IF EXISTS "CHK_case_words_updated_at", ADD CONSTRAINT "CHK_case_words_updated_at" CHECK (updated_at IS NOT NULL) NOT VALID',
  'ALTER TABLE case_words VALIDATE CONSTRAINT "CHK_case_words_updated_at"',
  'ALTER TABLE case_words ALTER COLUMN updated_at SET NOT NULL, DROP CONSTRAINT "CHK_case_words_updated_at"',
];

/** A query runner on which the table is there already and the cases fill two batches, the last short. */
function fakeRunner() {
  const sent: { sql: string; parameters: unknown[] }[] = [];
  const transactions: string[] = [];
  const batches = [[{ last: 'case 5000', n: 5000 }], [{ last: 'case 5003', n: 3 }]];
  const q = {
    query: (sql: string, parameters: unknown[] = []) => {
      sent.push({ sql: sql.replace(/\s+/g, ' ').trim(), parameters });
      if (sql.includes('to_regclass')) return Promise.resolve([{ made: true }]);
      return Promise.resolve(/^\s*WITH batch AS/.test(sql) ? batches.shift() : []);
    },
    startTransaction: () => Promise.resolve(transactions.push('begin')),
    commitTransaction: () => Promise.resolve(transactions.push('commit')),
    rollbackTransaction: () => Promise.resolve(transactions.push('rollback')),
  } as unknown as QueryRunner;
  return { q, sent, transactions };
}

describe('the migrations’ online fill of a table kept beside cases', () => {
  it.each([
    ['KeepWhomCasesAwait1796440800000', new KeepWhomCasesAwait1796440800000()],
    ['KeepTheWordsOfCases1796441500000', new KeepTheWordsOfCases1796441500000()],
  ] as const)(
    'sends what %s sent, a batch after another in id order, each in a transaction',
    async (name, migration) => {
      const { q, sent, transactions } = fakeRunner();
      await migration.up(q);
      const [made, fill] = FILLED[name];
      expect(sent).toEqual([
        { sql: made, parameters: [] },
        { sql: fill, parameters: ['00000000-0000-0000-0000-000000000000'] },
        { sql: fill, parameters: ['case 5000'] },
      ]);
      expect(transactions).toEqual(['begin', 'commit', 'begin', 'commit']);
    },
  );

  it('sends what OrderTheWordsOfCases1796441900000 sent, its fill a batch after another in id order, each in a transaction', async () => {
    const { q, sent, transactions } = fakeRunner();
    await new OrderTheWordsOfCases1796441900000().up(q);
    const [column, keep, dropTrigger, trigger, fill, check, validate, notNull] = ORDERED;
    expect(sent).toEqual([
      ...[column, keep, dropTrigger, trigger].map((sql) => ({ sql, parameters: [] })),
      { sql: fill, parameters: ['00000000-0000-0000-0000-000000000000'] },
      { sql: fill, parameters: ['case 5000'] },
      ...[check, validate, notNull].map((sql) => ({ sql, parameters: [] })),
    ]);
    expect(transactions).toEqual(['begin', 'commit', 'begin', 'commit', 'begin', 'commit']);
  });
});
