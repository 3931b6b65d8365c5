import { MigrationInterface, QueryRunner } from 'typeorm';
import { bindRowsToTheirCouncil } from '../libs/database/tenant-row-security.service';
import {
  KEY_DECISION_1796440000000,
  LISTED_1796440000000,
  PUBLISHED_ON_1796440000000,
  SEARCHED_1796440000000,
} from './register-index-expressions';

/**
 * What separates the words of the register's searched text: ASCII spaces, punctuation and
 * controls. Every other character (letters, digits, any non-ASCII one) is part of a word, whatever
 * the database's locale; the repository splits the words typed by the same characters.
 */
const SEPARATORS = `'[\\x01-\\x2f\\x3a-\\x40\\x5b-\\x60\\x7b-\\x7f]+'`;
/** Longer words are kept by their first 100 characters (a btree entry has a size limit). */
const WORD_LENGTH = 100;

/** A row's own columns under the names the frozen expressions use. */
const AS_COLUMNS = (row: 'NEW' | 'OLD') =>
  `(SELECT ${row}.snapshot AS snapshot, ${row}.template_id AS template_id,
           ${row}.title AS title, ${row}.reference AS reference) c`;

/**
 * The app reads cases as the runtime role, under row-level security (ADR 0015), and PostgreSQL
 * then uses no condition as an index's that calls a function not marked leakproof: jsonb's
 * operators, LIKE, pg_trgm's. The register's indexes on its snapshot expressions (1796440100000
 * to 1796440300000) served its first page only; a page deep by cursor, key decisions and a search
 * tested every published decision, row by row (docs/benchmarks.md session 31).
 *
 * The same expressions are now kept in columns of plain types, in the statement that writes the
 * snapshot (a trigger, so every writer, SQL copies included): the publication date of a decision
 * the register lists (null for any other case) and its key-decision answer; and the words of its
 * searched text, one row each, in `register_words`. Their conditions (=, <, >= on text, uuid and
 * boolean) are leakproof: indexes serve them under the policy (docs/adr/0054; the columns' indexes
 * are built online by the two migrations after this one).
 *
 * Not in a transaction: the existing decisions are filled in batches, each holding its rows'
 * locks briefly. Each step can run again.
 */
export class KeepTheRegisterInColumns1796441000000 implements MigrationInterface {
  name = 'KeepTheRegisterInColumns1796441000000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN IF NOT EXISTS register_published_on text,
      ADD COLUMN IF NOT EXISTS register_key_decision boolean`);
    await q.query(`CREATE TABLE IF NOT EXISTS "register_words" (
      "tenant_id" uuid NOT NULL,
      "word" text COLLATE "C" NOT NULL,
      "case_id" uuid NOT NULL,
      CONSTRAINT "PK_register_words" PRIMARY KEY ("tenant_id", "word", "case_id"),
      CONSTRAINT "FK_tenant_register_words_case_id" FOREIGN KEY ("tenant_id", "case_id")
        REFERENCES cases ("tenant_id", "id") ON DELETE CASCADE)`);
    await q.query(
      `CREATE INDEX IF NOT EXISTS "IDX_register_words_case" ON "register_words" ("tenant_id", "case_id", "word")`,
    );
    const bound: { n: number }[] = await q.query(
      `SELECT count(*)::int AS n FROM pg_policy WHERE polrelid = 'register_words'::regclass`,
    );
    if (bound[0].n === 0) await bindRowsToTheirCouncil(q, 'register_words');

    await q.query(`CREATE OR REPLACE FUNCTION keep_register_columns() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        SELECT CASE WHEN ${LISTED_1796440000000} THEN ${PUBLISHED_ON_1796440000000} END,
               CASE WHEN ${LISTED_1796440000000} THEN
                 CASE ${KEY_DECISION_1796440000000} WHEN 'true'::jsonb THEN true
                   WHEN 'false'::jsonb THEN false END END
          INTO NEW.register_published_on, NEW.register_key_decision
          FROM ${AS_COLUMNS('NEW')};
        RETURN NEW;
      END $$`);
    // After the row is written (its columns kept), its words follow it: only when the words a
    // listed decision is searched by change, or it joins or leaves the register.
    await q.query(`CREATE OR REPLACE FUNCTION keep_register_words() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        was text;
        now text;
      BEGIN
        IF NEW.register_published_on IS NOT NULL THEN
          SELECT ${SEARCHED_1796440000000} INTO now FROM ${AS_COLUMNS('NEW')};
        END IF;
        IF TG_OP = 'UPDATE' THEN
          IF OLD.register_published_on IS NOT NULL THEN
            SELECT ${SEARCHED_1796440000000} INTO was FROM ${AS_COLUMNS('OLD')};
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
            SELECT DISTINCT NEW.tenant_id, left(w, ${WORD_LENGTH}), NEW.id
              FROM regexp_split_to_table(now, ${SEPARATORS}) w WHERE w <> '';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query('DROP TRIGGER IF EXISTS cases_keep_register_columns ON cases');
    await q.query(`CREATE TRIGGER cases_keep_register_columns BEFORE INSERT OR UPDATE ON cases
      FOR EACH ROW EXECUTE FUNCTION keep_register_columns()`);
    await q.query('DROP TRIGGER IF EXISTS cases_keep_register_words ON cases');
    await q.query(`CREATE TRIGGER cases_keep_register_words AFTER INSERT OR UPDATE ON cases
      FOR EACH ROW EXECUTE FUNCTION keep_register_words()`);

    // The decisions already listed, a thousand at a time: writing the snapshot as it is fires
    // the triggers, which fill the columns and the words.
    for (;;) {
      const [{ n }]: { n: number }[] = await q.query(`WITH kept AS (
        UPDATE cases SET snapshot = snapshot WHERE id IN (
          SELECT id FROM cases WHERE ${LISTED_1796440000000} AND register_published_on IS NULL
           LIMIT 1000)
        RETURNING 1) SELECT count(*)::int AS n FROM kept`);
      if (n === 0) break;
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS cases_keep_register_words ON cases');
    await q.query('DROP TRIGGER IF EXISTS cases_keep_register_columns ON cases');
    await q.query('DROP FUNCTION IF EXISTS keep_register_words()');
    await q.query('DROP FUNCTION IF EXISTS keep_register_columns()');
    await q.query('DROP TABLE IF EXISTS "register_words"');
    await q.query(`ALTER TABLE cases DROP COLUMN IF EXISTS register_key_decision,
      DROP COLUMN IF EXISTS register_published_on`);
  }
}
