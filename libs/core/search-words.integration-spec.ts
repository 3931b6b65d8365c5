import { openTestDatabase, TestDatabase } from '../testing/test-database.service';
import { typedWords, wordsOf } from './search-words';

/**
 * The register's search and the staff search share one word rule (migration 1796443000000):
 * words_of keeps a text's words in both tables, word_of folds them and each word typed, and the
 * search box's text is split by libs/core/search-words.ts. Each code point is tried in the middle
 * of a word, at the ends of one and alone, in the database and here.
 */
describe('one word rule for the register and the staff search', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(2);
  });
  afterAll(async () => {
    await db.drop();
  });

  /**
   * Every code point of the first two planes but NUL (no text holds it) and the surrogates (no
   * character), and every 64th after them: the rule names none beyond U+1FAFF.
   */
  const codePoints = Array.from({ length: 0x110000 }, (_, c) => c).filter(
    (c) => c > 0 && (c < 0xd800 || c > 0xdfff) && (c < 0x20000 || c % 64 === 0),
  );
  const BATCH = 0x8000;

  /** For each text, the words in [words, i]: the words, and the 1-based text each is of. */
  const flat = (texts: string[], of: (text: string) => string[]) => {
    const words: string[] = [];
    const i: number[] = [];
    texts.forEach((t, k) =>
      of(t).forEach((w) => {
        words.push(w);
        i.push(k + 1);
      }),
    );
    return [words, i];
  };

  it('keeps the words this code splits a text into, and finds a text by the words typed of it, for every code point', async () => {
    const differ: string[] = [];
    for (let from = 0; from < codePoints.length; from += BATCH) {
      const batch = codePoints.slice(from, from + BATCH);
      // Each code point within a word, at its ends, between digits and alone.
      const texts = batch.map((c) => {
        const s = String.fromCodePoint(c);
        return `x${s}y ${s}z${s} 9${s}9 ${s}`;
      });
      const rows: { i: number; kept: string[]; split: string[]; typed: string[] }[] =
        await db.ds.query(
          `WITH t AS (SELECT i::int, text FROM unnest($1::text[]) WITH ORDINALITY t(text, i)),
           kept AS (SELECT t.i, array_agg(w COLLATE "C" ORDER BY w COLLATE "C") AS a
                      FROM t, words_of(t.text) w GROUP BY t.i),
           split AS (SELECT s.i, array_agg(DISTINCT word_of(s.w) ORDER BY word_of(s.w)) AS a
                       FROM unnest($2::text[], $3::int[]) s(w, i) GROUP BY s.i),
           typed AS (SELECT s.i, array_agg(word_of(s.w)) AS a
                       FROM unnest($4::text[], $5::int[]) s(w, i) GROUP BY s.i)
           SELECT t.i, k.a AS kept, s.a AS split, y.a AS typed
             FROM t LEFT JOIN kept k USING (i) LEFT JOIN split s USING (i) LEFT JOIN typed y USING (i)
            WHERE k.a IS DISTINCT FROM s.a OR NOT coalesce(y.a, '{}') <@ coalesce(k.a, '{}')`,
          [texts, ...flat(texts, wordsOf), ...flat(texts, typedWords)],
        );
      for (const r of rows)
        differ.push(`U+${batch[r.i - 1].toString(16).toUpperCase()}: ${JSON.stringify(r)}`);
    }
    expect({ differ: differ.length, first: differ.slice(0, 10) }).toEqual({ differ: 0, first: [] });
  }, 900_000);

  it('finds what people type: any dash, slash or apostrophe, parts of a reference, any case', async () => {
    const words = async (text: string) =>
      (
        (await db.ds.query('SELECT array(SELECT words_of($1) ORDER BY 1) AS w', [text])) as {
          w: string[];
        }[]
      )[0].w;
    const fold = async (typed: string) =>
      Promise.all(
        typedWords(typed).map(
          async (w) =>
            ((await db.ds.query('SELECT word_of($1) AS w', [w])) as { w: string }[])[0].w,
        ),
      );
    const finds = async (text: string, typed: string) => {
      const kept = await words(text);
      return (await fold(typed)).every((t) => kept.some((k) => k.startsWith(t)));
    };
    const title = 'Community equipment: contract award 2027–2030';
    expect(await words(title)).toEqual(
      ['2027', '2027-2030', '2030', 'award', 'community', 'contract', 'equipment'].sort(),
    );
    for (const typed of ['2030', '2027–2030', '2027-2030', '2027—2030', 'AWARD 2030', 'equip'])
      expect([typed, await finds(title, typed)]).toEqual([typed, true]);
    for (const typed of ['2026/27', '2026-27', '2026–27', '2026', '27', 'plan 2026/2'])
      expect([typed, await finds('Better Care Fund plan 2026/27', typed)]).toEqual([typed, true]);
    for (const typed of ['carers', 'carers’', "carers'", 'CARERS’ BREAKS'])
      expect([typed, await finds('Carers’ breaks grant', typed)]).toEqual([typed, true]);
    for (const typed of ["don't", 'don’t', 'don'])
      expect([typed, await finds('We don’t agree', typed)]).toEqual([typed, true]);
    for (const typed of ['co-production', 'co‑production', 'production', 'co'])
      expect([typed, await finds('Co-production with carers', typed)]).toEqual([typed, true]);
    for (const typed of ['SD-2026-0001-C3', 'sd-2026-00', 'c3', 'SD 0001', '0001'])
      expect([typed, await finds('SD-2026-0001-C3', typed)]).toEqual([typed, true]);
    for (const typed of ['école', 'ÉCOLE', '£5m', '5m', 'fund'])
      expect([typed, await finds('École fund: £5m', typed)]).toEqual([typed, true]);
    // A start, not a middle; the reference's start, not another's; accents are letters.
    for (const [text, typed] of [
      ['Better Care Fund plan', 'lan'],
      ['SD-2026-0001-C3', 'SD-2026-0002'],
      ['Cafe opening hours', 'café'],
    ])
      expect([typed, await finds(text, typed)]).toEqual([typed, false]);
  });
});
