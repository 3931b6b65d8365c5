import { MigrationInterface, QueryRunner } from 'typeorm';
import { fillBesideCases } from '../libs/database/online-fill.service';

/** A case's top-level state, as the dashboard has always named its stages (frozen here). */
const TOP_STATE_OF = (key: string) => `split_part(split_part(${key}, ';', 1), '.', 1)`;

/**
 * The dashboard's list of one stage's open cases (`/cases?stage=`, issue #21) tested each open
 * case's `split_part(state_key …)`, which row-level security will not let an index answer (not
 * leakproof): at 100,000 cases, a stage with no case in it tested 100,005 rows. The top-level state
 * is now kept in `cases.top_state` by a trigger in the statement that writes `state_key` (every
 * writer, SQL copies included; docs/adr/0053 and 0054 did the same), and a partial index on the
 * open cases gives one stage's cases most recently changed first, by `=` on text (leakproof).
 *
 * Not in a transaction: the column and trigger first, then the cases already there in batches
 * (fillBesideCases: a write to a case waits for one batch at most, and one that came first has
 * run the trigger). Each step can run again. The index is built online by the next migration,
 * 1796442050000, in a migration of its own (ADR 0044).
 */
export class KeepTheTopStateOfCases1796442000000 implements MigrationInterface {
  name = 'KeepTheTopStateOfCases1796442000000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases ADD COLUMN IF NOT EXISTS top_state text');
    await q.query(`CREATE OR REPLACE FUNCTION keep_top_state() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        NEW.top_state := ${TOP_STATE_OF('NEW.state_key')};
        RETURN NEW;
      END $$`);
    await q.query('DROP TRIGGER IF EXISTS cases_keep_top_state ON cases');
    // Of top_state too: a write of the column itself is put back to what the state key says.
    await q.query(`CREATE TRIGGER cases_keep_top_state BEFORE INSERT OR UPDATE OF state_key, top_state
      ON cases FOR EACH ROW EXECUTE FUNCTION keep_top_state()`);
    await fillBesideCases(q, {
      columns: 'id, state_key',
      write: `UPDATE cases c SET top_state = ${TOP_STATE_OF('b.state_key')} FROM batch b
               WHERE c.id = b.id AND c.top_state IS DISTINCT FROM ${TOP_STATE_OF('b.state_key')}`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER IF EXISTS cases_keep_top_state ON cases');
    await q.query('DROP FUNCTION IF EXISTS keep_top_state()');
    await q.query('ALTER TABLE cases DROP COLUMN IF EXISTS top_state');
  }
}
