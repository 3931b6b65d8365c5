import { MigrationInterface, QueryRunner } from 'typeorm';
import { fillBesideCases, inTransaction } from '../libs/database/online-fill.service';
import { SEARCHED_1796440000000, SEARCHED_TEXT_1796443000000 } from './register-index-expressions';

/*
 * The word rule of libs/core/search-words.ts, frozen as it was released: spaces of every kind
 * separate runs; punctuation and symbols separate the parts of a run. Bracket ranges of code
 * points, the same in any locale.
 */
const SPACE = `\\u0001-\\u0020\\u007F-\\u00A0\\u1680\\u180E\\u2000-\\u200B\\u2028\\u2029\\u202F\\u205F\\u3000\\uFEFF`;
const PUNCTUATION =
  `\\u0021-\\u002F\\u003A-\\u0040\\u005B-\\u0060\\u007B-\\u007E` +
  `\\u00A1-\\u00A9\\u00AB-\\u00B1\\u00B4\\u00B6-\\u00B8\\u00BB\\u00BF\\u00D7\\u00F7` +
  `\\u200C-\\u2027\\u202A-\\u202E\\u2030-\\u205E\\u2060-\\u206F\\u20A0-\\u20CF` +
  `\\u2190-\\u23FF\\u2500-\\u27BF\\u27C0-\\u27FF\\u2900-\\u2BFF\\u2E00-\\u2E7F` +
  `\\u3001-\\u3003\\u3008-\\u3011\\u3014-\\u301F\\u3030\\uFE10-\\uFE19\\uFE30-\\uFE6B` +
  `\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65\\uFFE0-\\uFFEE\\uFFF9-\\uFFFD` +
  `\\U0001F000-\\U0001FAFF`;
/** The ASCII part of the rule, for a database that is not UTF8. */
const ASCII_SPACE = `\\x01-\\x20\\x7F`;
const ASCII_PUNCTUATION = `\\x21-\\x2F\\x3A-\\x40\\x5B-\\x60\\x7B-\\x7E`;
/** Dashes and slashes of every kind, folded to "-"; apostrophes of every kind, to "'". */
const DASHES =
  '-\u00AD\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D/\u2044\u2215\uFF0F';
const APOSTROPHES = '`\u00B4\u2018\u2019\u201B\u2032\uFF07';
const FOLDED = '-'.repeat(DASHES.length) + "'".repeat(APOSTROPHES.length);

/** A case's words as the staff search reads them (its title and reference). */
const CASE_WORDS = (row: string) => `words_of(${row}.title || ' ' || ${row}.reference)`;

/**
 * One word rule for the register's search (register_words) and the staff search (case_words):
 * until now they split text differently, so the same words typed found different decisions and
 * cases. The register split at ASCII punctuation only (an en dash, a curly apostrophe or a
 * no-break space was part of a word: "2027–2030" was one word, and "2030" did not find it); the
 * staff search split at white space as the database's locale reads it.
 *
 * Now both keep each run of text between spaces of any kind, without the punctuation at its ends,
 * and each part of it between punctuation of any kind (words_of), folded alike (word_of): lower
 * case by Unicode (the builtin provider, whatever the database's locale), dashes and slashes as
 * "-", apostrophes as "'", 100 characters at most. A word typed (libs/core/search-words.ts, the
 * same classes) is a run, folded by word_of, and finds the words it begins; a run with
 * punctuation inside also finds a text each of whose parts begins a word, and by its parts alone
 * where typed_parts_are_words() (UTF8).
 *
 * The triggers call words_of where they called case_words_of or split the register's text; the
 * trigger that follows every event's updated_at is unchanged. The words kept already are written
 * again online, the cases in batches held FOR SHARE (online-fill.service.ts): in each batch the
 * new words are added and the words the rule no longer makes removed. Each step can run again.
 */
export class OneWordRuleForEverySearch1796443000000 implements MigrationInterface {
  name = 'OneWordRuleForEverySearch1796443000000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await inTransaction(q, () => this.rule(q));
    await this.fill(q, {
      caseWords: `ARRAY(SELECT ${CASE_WORDS('cases')})`,
      registerWords: `ARRAY(SELECT words_of(${SEARCHED_TEXT_1796443000000}))`,
    });
  }

  /** The rule and the triggers that keep each table by it, in one transaction. */
  private async rule(q: QueryRunner): Promise<void> {
    // A database whose encoding is not UTF8 (SQL_ASCII, as initdb makes it in a C locale) holds
    // bytes, not characters: there only ASCII separates and folds words (a byte beyond ASCII is
    // part of a word, as the register's rule had it).
    const [{ utf8 }]: { utf8: boolean }[] = await q.query(
      `SELECT current_setting('server_encoding') = 'UTF8' AS utf8`,
    );
    const r = utf8
      ? {
          space: SPACE,
          punctuation: PUNCTUATION,
          fold: `lower(translate(run, '${DASHES}${APOSTROPHES}', '${FOLDED.replace(/'/g, "''")}') COLLATE pg_c_utf8)`,
        }
      : {
          space: ASCII_SPACE,
          punctuation: ASCII_PUNCTUATION,
          fold: `lower(translate(run, '/${'`'}', '-'''))`,
        };
    await q.query(`CREATE OR REPLACE FUNCTION word_of(run text) RETURNS text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT left(${r.fold}, 100) COLLATE "C"
      $$`);
    await q.query(`CREATE OR REPLACE FUNCTION words_of(t text) RETURNS SETOF text
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
        SELECT DISTINCT word_of(w)
          FROM regexp_split_to_table(t, '[${r.space}]+') r,
               LATERAL (SELECT regexp_replace(r, '^[${r.punctuation}]+|[${r.punctuation}]+$', '', 'g') AS run) x,
               LATERAL (SELECT x.run UNION ALL
                        SELECT regexp_split_to_table(x.run, '[${r.punctuation}]+')) y(w)
         WHERE w <> ''
      $$`);
    // Whether every part of a typed run (split by libs/core/search-words.ts) is a word words_of
    // keeps: the searches then look for a run with punctuation inside by its parts alone.
    await q.query(`CREATE OR REPLACE FUNCTION typed_parts_are_words() RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ${utf8} $$`);
    await q.query(`CREATE OR REPLACE FUNCTION keep_case_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.title IS NOT DISTINCT FROM NEW.title
           AND OLD.reference IS NOT DISTINCT FROM NEW.reference THEN
          UPDATE case_words SET updated_at = NEW.updated_at
           WHERE case_id = NEW.id AND updated_at IS DISTINCT FROM NEW.updated_at;
          RETURN NULL;
        END IF;
        DELETE FROM case_words WHERE case_id = NEW.id AND word NOT IN (SELECT ${CASE_WORDS('NEW')});
        INSERT INTO case_words (tenant_id, case_id, word, updated_at)
        SELECT NEW.tenant_id, NEW.id, w, NEW.updated_at FROM ${CASE_WORDS('NEW')} w
        ON CONFLICT (case_id, word) DO UPDATE SET updated_at = excluded.updated_at
         WHERE case_words.updated_at IS DISTINCT FROM excluded.updated_at;
        RETURN NULL;
      END
    $$`);
    await q.query(keepRegisterWords(SEARCHED_TEXT_1796443000000, 'words_of(now) w'));
    await q.query('DROP FUNCTION IF EXISTS case_words_of(text, text)');
  }

  /**
   * Each table's words written again from `caseWords` and `registerWords` (a text[] of a case's
   * columns), the register's for the decisions it lists (as its trigger): in each batch, the
   * words to add and the words to go, in one statement (they are different rows).
   */
  private async fill(q: QueryRunner, words: { caseWords: string; registerWords: string }) {
    await fillBesideCases(q, {
      columns: `tenant_id, id, updated_at, ${words.caseWords} AS words`,
      write: [
        `INSERT INTO case_words (tenant_id, case_id, word, updated_at)
         SELECT b.tenant_id, b.id, w, b.updated_at FROM batch b, unnest(b.words) w
         ON CONFLICT (case_id, word) DO NOTHING`,
        `DELETE FROM case_words w USING batch b WHERE w.case_id = b.id AND w.word <> ALL (b.words)`,
      ],
    });
    await fillBesideCases(q, {
      columns: `tenant_id, id,
        CASE WHEN register_published_on IS NOT NULL THEN ${words.registerWords} END AS words`,
      write: [
        `INSERT INTO register_words (tenant_id, word, case_id)
         SELECT b.tenant_id, w, b.id FROM batch b, unnest(b.words) w ON CONFLICT DO NOTHING`,
        `DELETE FROM register_words rw USING batch b
          WHERE rw.tenant_id = b.tenant_id AND rw.case_id = b.id AND rw.word <> ALL (b.words)`,
      ],
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await inTransaction(q, async () => {
      await q.query(CASE_WORDS_OF_1796441500000);
      await q.query(KEEP_CASE_WORDS_1796441900000);
      await q.query(KEEP_REGISTER_WORDS_1796441000000);
    });
    await this.fill(q, {
      caseWords: `ARRAY(SELECT case_words_of(cases.title, cases.reference))`,
      registerWords: `ARRAY(SELECT DISTINCT left(w, 100) FROM regexp_split_to_table(lower(${SEARCHED_TEXT_1796443000000}), ${REGISTER_SEPARATORS_1796441000000}) w WHERE w <> '')`,
    });
    await q.query('DROP FUNCTION IF EXISTS typed_parts_are_words()');
    await q.query('DROP FUNCTION IF EXISTS words_of(text)');
    await q.query('DROP FUNCTION IF EXISTS word_of(text)');
  }
}

/** What separated the register's words before (migration 1796441000000). */
const REGISTER_SEPARATORS_1796441000000 = `'[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+'`;

/*
 * What down() puts back, as the migrations before wrote it character for character (so that a
 * database taken down is as one that never took this migration): case_words_of of 1796441500000,
 * keep_case_words of 1796441900000, keep_register_words of 1796441000000.
 */
const CASE_WORDS_OF_1796441500000 = `CREATE OR REPLACE FUNCTION case_words_of(title text, reference text)
      RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
        SELECT DISTINCT left(w, 100)
          FROM regexp_split_to_table(lower(title || ' ' || reference), '\\s+') t,
               LATERAL (SELECT regexp_replace(t, '^[^[:alnum:]]+|[^[:alnum:]]+$', '', 'g') AS whole) x,
               LATERAL (SELECT x.whole UNION ALL SELECT regexp_split_to_table(x.whole, '[^[:alnum:]]+')) y(w)
         WHERE w <> ''
    $$`;
const KEEP_CASE_WORDS_1796441900000 = `CREATE OR REPLACE FUNCTION keep_case_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.title IS NOT DISTINCT FROM NEW.title
           AND OLD.reference IS NOT DISTINCT FROM NEW.reference THEN
          UPDATE case_words SET updated_at = NEW.updated_at
           WHERE case_id = NEW.id AND updated_at IS DISTINCT FROM NEW.updated_at;
          RETURN NULL;
        END IF;
        DELETE FROM case_words
         WHERE case_id = NEW.id AND word NOT IN (SELECT case_words_of(NEW.title, NEW.reference));
        INSERT INTO case_words (tenant_id, case_id, word, updated_at)
        SELECT NEW.tenant_id, NEW.id, w, NEW.updated_at FROM case_words_of(NEW.title, NEW.reference) w
        ON CONFLICT (case_id, word) DO UPDATE SET updated_at = excluded.updated_at
         WHERE case_words.updated_at IS DISTINCT FROM excluded.updated_at;
        RETURN NULL;
      END
    $$`;
const asColumns1796441000000 = (row: 'NEW' | 'OLD') =>
  `(SELECT ${row}.snapshot AS snapshot, ${row}.template_id AS template_id,
           ${row}.title AS title, ${row}.reference AS reference) c`;
const KEEP_REGISTER_WORDS_1796441000000 = `CREATE OR REPLACE FUNCTION keep_register_words() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        was text;
        now text;
      BEGIN
        IF NEW.register_published_on IS NOT NULL THEN
          SELECT ${SEARCHED_1796440000000} INTO now FROM ${asColumns1796441000000('NEW')};
        END IF;
        IF TG_OP = 'UPDATE' THEN
          IF OLD.register_published_on IS NOT NULL THEN
            SELECT ${SEARCHED_1796440000000} INTO was FROM ${asColumns1796441000000('OLD')};
          END IF;
          IF was IS NOT DISTINCT FROM now AND OLD.tenant_id = NEW.tenant_id THEN
            RETURN NULL;
          END IF;
          IF was IS NOT NULL THEN
            DELETE FROM register_words WHERE tenant_id = OLD.tenant_id AND case_id = OLD.id;
          END IF;
        END IF;
        IF now IS NOT NULL THEN
          INSERT INTO register_words (tenant_id, word, case_id)
            SELECT DISTINCT NEW.tenant_id, left(w, 100), NEW.id
              FROM regexp_split_to_table(now, ${REGISTER_SEPARATORS_1796441000000}) w WHERE w <> '';
        END IF;
        RETURN NULL;
      END $$`;

/**
 * The register's words trigger of migration 1796441000000, its searched text `searched` (of the
 * columns of the row `c`) and the words of that text `now` from `words` (a FROM item of column `w`).
 */
function keepRegisterWords(searched: string, words: string): string {
  const asColumns = (row: 'NEW' | 'OLD') =>
    `(SELECT ${row}.snapshot AS snapshot, ${row}.template_id AS template_id,
             ${row}.title AS title, ${row}.reference AS reference) c`;
  return `CREATE OR REPLACE FUNCTION keep_register_words() RETURNS trigger
    LANGUAGE plpgsql AS $$
    DECLARE
      was text;
      now text;
    BEGIN
      IF NEW.register_published_on IS NOT NULL THEN
        SELECT ${searched} INTO now FROM ${asColumns('NEW')};
      END IF;
      IF TG_OP = 'UPDATE' THEN
        IF OLD.register_published_on IS NOT NULL THEN
          SELECT ${searched} INTO was FROM ${asColumns('OLD')};
        END IF;
        IF was IS NOT DISTINCT FROM now AND OLD.tenant_id = NEW.tenant_id THEN
          RETURN NULL;
        END IF;
        IF was IS NOT NULL THEN
          DELETE FROM register_words WHERE tenant_id = OLD.tenant_id AND case_id = OLD.id;
        END IF;
      END IF;
      IF now IS NOT NULL THEN
        INSERT INTO register_words (tenant_id, word, case_id)
          SELECT NEW.tenant_id, w, NEW.id FROM ${words};
      END IF;
      RETURN NULL;
    END $$`;
}
