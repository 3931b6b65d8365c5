import type { QueryRunner } from 'typeorm';
import { KeepWhomCasesAwait1796440800000 } from '../../migrations/1796440800000-keep-whom-cases-await';
import { KeepTheWordsOfCases1796441500000 } from '../../migrations/1796441500000-keep-the-words-of-cases';

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

/** A query runner on which the table is there already and the cases fill two batches, the last short. */
function fakeRunner() {
  const sent: { sql: string; parameters: unknown[] }[] = [];
  const transactions: string[] = [];
  const batches = [[{ last: 'case 5000', n: 5000 }], [{ last: 'case 5003', n: 3 }]];
  const q = {
    query: (sql: string, parameters: unknown[] = []) => {
      sent.push({ sql: sql.replace(/\s+/g, ' ').trim(), parameters });
      return Promise.resolve(sql.includes('to_regclass') ? [{ made: true }] : batches.shift());
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
});
