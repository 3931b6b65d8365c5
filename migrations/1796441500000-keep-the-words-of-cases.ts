import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  bindRowsToTheirCouncil,
  unbindRowsFromTheirCouncil,
} from '../libs/database/tenant-row-security.service';
import { fillBesideCases, makeOnce } from '../libs/database/online-fill.service';

/**
 * The words of each case's title and reference, one row a word, beside the case (issue #21,
 * docs/adr/0053): the staff search (/cases/find) tested every case's title with ILIKE, which
 * row-level security will not let an index answer (not leakproof): at 100,000 cases a word that
 * matched nothing tested 100,005 rows. Here a typed word is a range of a btree in byte order
 * (`starts_with`, leakproof): the cases with a word that begins with it.
 *
 * A case's words (case_words_of, lower case): each run of text between spaces, without the
 * punctuation at its ends ("2026/27", "scc-2021-0042", "carers"), and each run of letters and
 * digits within it ("2026", "27", "scc", "2021", "0042"). So a word typed with punctuation inside
 * it ("SCC-2021-004") is the start of a whole run, a reference's start as before, and a plain one
 * is the start of any word.
 *
 * Words are kept by their first 100 characters (a btree entry has a size limit).
 *
 * Kept by triggers on cases and filled online as migration 1796440800000 fills case_awaits.
 */
export class KeepTheWordsOfCases1796441500000 implements MigrationInterface {
  name = 'KeepTheWordsOfCases1796441500000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await makeOnce(q, 'case_words', () => this.make(q));
    await fillBesideCases(q, {
      columns: 'tenant_id, id, title, reference',
      write: `INSERT INTO case_words (tenant_id, case_id, word)
           SELECT b.tenant_id, b.id, w FROM batch b, case_words_of(b.title, b.reference) w
           ON CONFLICT (case_id, word) DO NOTHING`,
    });
  }

  /** The table, its index and policies, and the triggers that keep it: one transaction. */
  private async make(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_words" (
      "tenant_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "word" text COLLATE "C" NOT NULL,
      CONSTRAINT "PK_case_words" PRIMARY KEY ("case_id", "word"),
      CONSTRAINT "FK_tenant_case_words_case_id" FOREIGN KEY ("tenant_id", "case_id")
        REFERENCES "cases" ("tenant_id", "id") ON DELETE CASCADE)`);
    await q.query(
      'CREATE INDEX "IDX_case_words_word" ON "case_words" ("tenant_id", "word", "case_id")',
    );
    await bindRowsToTheirCouncil(q, 'case_words');
    await q.query(`CREATE FUNCTION case_words_of(title text, reference text)
      RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
        SELECT DISTINCT left(w, 100)
          FROM regexp_split_to_table(lower(title || ' ' || reference), '\\s+') t,
               LATERAL (SELECT regexp_replace(t, '^[^[:alnum:]]+|[^[:alnum:]]+$', '', 'g') AS whole) x,
               LATERAL (SELECT x.whole UNION ALL SELECT regexp_split_to_table(x.whole, '[^[:alnum:]]+')) y(w)
         WHERE w <> ''
    $$`);
    await q.query(`CREATE FUNCTION keep_case_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM case_words
         WHERE case_id = NEW.id AND word NOT IN (SELECT case_words_of(NEW.title, NEW.reference));
        INSERT INTO case_words (tenant_id, case_id, word)
        SELECT NEW.tenant_id, NEW.id, w FROM case_words_of(NEW.title, NEW.reference) w
        ON CONFLICT (case_id, word) DO NOTHING;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE TRIGGER cases_keep_words_inserted AFTER INSERT ON "cases"
      FOR EACH ROW EXECUTE FUNCTION keep_case_words()`);
    await q.query(`CREATE TRIGGER cases_keep_words_updated AFTER UPDATE OF title, reference ON "cases"
      FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.reference IS DISTINCT FROM NEW.reference)
      EXECUTE FUNCTION keep_case_words()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER cases_keep_words_updated ON "cases"');
    await q.query('DROP TRIGGER cases_keep_words_inserted ON "cases"');
    await q.query('DROP FUNCTION keep_case_words()');
    await q.query('DROP FUNCTION case_words_of(text, text)');
    await unbindRowsFromTheirCouncil(q, 'case_words');
    await q.query('DROP TABLE "case_words"');
  }
}
