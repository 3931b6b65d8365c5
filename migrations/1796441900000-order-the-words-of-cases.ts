import { MigrationInterface, QueryRunner } from 'typeorm';
import { fillBesideCases, inTransaction } from '../libs/database/online-fill.service';

/**
 * Each word of a case beside the case's updated_at, the staff search's order (issue #21): a word
 * that most cases have was found by walking the cases most recently changed first and looking up
 * each one's words (425 buffers for the first page at 100,000 cases), and counted up to 1,000 by
 * walking every case's words in id order (964 buffers). With the word and the order in one index,
 * "IDX_case_words_order" (tenant, word, updated_at DESC, case), the cases with a word are a range
 * already in the list's order: the first page reads its own rows, whatever the word.
 *
 * The trigger now follows every change of updated_at too (an event moves it), rewriting the
 * case's word rows' copy. Online, as 1796441500000 filled the table: the triggers first, then
 * the rows there already in batches, each batch's cases held FOR SHARE; then the column is made
 * NOT NULL through a validated CHECK (no write waits for its scan). The index is built in a
 * migration of its own (1796441950000, ADR 0044). Each step can run again.
 */
export class OrderTheWordsOfCases1796441900000 implements MigrationInterface {
  name = 'OrderTheWordsOfCases1796441900000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await inTransaction(q, () => this.keep(q));
    await fillBesideCases(q, {
      columns: 'id, updated_at',
      write: `UPDATE case_words w SET updated_at = b.updated_at FROM batch b
              WHERE w.case_id = b.id AND w.updated_at IS DISTINCT FROM b.updated_at`,
    });
    await q.query(`ALTER TABLE case_words DROP CONSTRAINT IF EXISTS "CHK_case_words_updated_at",
      ADD CONSTRAINT "CHK_case_words_updated_at" CHECK (updated_at IS NOT NULL) NOT VALID`);
    await q.query('ALTER TABLE case_words VALIDATE CONSTRAINT "CHK_case_words_updated_at"');
    await q.query(`ALTER TABLE case_words ALTER COLUMN updated_at SET NOT NULL,
      DROP CONSTRAINT "CHK_case_words_updated_at"`);
  }

  /** The column and the triggers that keep it, in one transaction. */
  private async keep(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER TABLE case_words ADD COLUMN IF NOT EXISTS updated_at TIMESTAMP WITH TIME ZONE',
    );
    await q.query(`CREATE OR REPLACE FUNCTION keep_case_words() RETURNS trigger LANGUAGE plpgsql AS $$
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
    $$`);
    // Any statement that moves updated_at, whether or not it names the column (a BEFORE trigger's
    // change too): the WHEN is read on each row, and costs nothing where nothing moved.
    await q.query('DROP TRIGGER IF EXISTS cases_keep_words_updated ON "cases"');
    await q.query(`CREATE TRIGGER cases_keep_words_updated AFTER UPDATE ON "cases"
      FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.reference IS DISTINCT FROM NEW.reference
        OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
      EXECUTE FUNCTION keep_case_words()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS cases_keep_words_updated ON "cases"');
    await q.query(`CREATE TRIGGER cases_keep_words_updated AFTER UPDATE OF title, reference ON "cases"
      FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.reference IS DISTINCT FROM NEW.reference)
      EXECUTE FUNCTION keep_case_words()`);
    await q.query(`CREATE OR REPLACE FUNCTION keep_case_words() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM case_words
         WHERE case_id = NEW.id AND word NOT IN (SELECT case_words_of(NEW.title, NEW.reference));
        INSERT INTO case_words (tenant_id, case_id, word)
        SELECT NEW.tenant_id, NEW.id, w FROM case_words_of(NEW.title, NEW.reference) w
        ON CONFLICT (case_id, word) DO NOTHING;
        RETURN NULL;
      END
    $$`);
    await q.query('ALTER TABLE case_words DROP COLUMN IF EXISTS updated_at');
  }
}
