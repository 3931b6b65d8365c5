import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The word rows of a case follow its title and reference only, no longer every change of its
 * updated_at (issue #21): an event that leaves both as they were, nearly every event, rewrote each
 * of the case's 10-11 rows (a heap row and two index entries each, never HOT), 37 of the 103 WAL
 * records of bench:writes' BCF event. No read orders by case_words.updated_at since migration
 * 1796442900000 (the order is the cases' own): the column stays, the case's updated_at when the
 * row was written, for keep_case_words' INSERT (a function the word rule's migration replaces).
 *
 * The trigger as it was before migration 1796441900000; the function is unchanged (its branch for
 * an unchanged title and reference is no longer reached).
 */
export class WordsOfCasesFollowTheirTextOnly1796442950000 implements MigrationInterface {
  name = 'WordsOfCasesFollowTheirTextOnly1796442950000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS cases_keep_words_updated ON "cases"');
    await q.query(`CREATE TRIGGER cases_keep_words_updated AFTER UPDATE OF title, reference ON "cases"
      FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.reference IS DISTINCT FROM NEW.reference)
      EXECUTE FUNCTION keep_case_words()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS cases_keep_words_updated ON "cases"');
    await q.query(`CREATE TRIGGER cases_keep_words_updated AFTER UPDATE ON "cases"
      FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.reference IS DISTINCT FROM NEW.reference
        OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
      EXECUTE FUNCTION keep_case_words()`);
  }
}
