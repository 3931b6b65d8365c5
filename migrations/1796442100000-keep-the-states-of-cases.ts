import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  bindRowsToTheirCouncil,
  unbindRowsFromTheirCouncil,
} from '../libs/database/tenant-row-security.service';
import { fillBesideCases, makeOnce } from '../libs/database/online-fill.service';

/**
 * The states each case is in, one row a state, beside the case (issue #21, docs/adr/0053): the
 * API's `?state=` list tested every case's state key (`unnest … LIKE`), which row-level security
 * will not let an index answer (not leakproof): at 100,000 cases a state no case is in tested
 * 100,005 rows. A case is in a state when one of its state key's regions (split at ";") is that
 * state or one of its sub-states: "preSubmission.agreement.ceo" is in "preSubmission",
 * "preSubmission.agreement" and "preSubmission.agreement.ceo" (case_states_of). A state asked
 * for is then one range of a btree by `=`, most recently changed first (updated_at is the case's,
 * kept with it, as case_awaits keeps it).
 *
 * Kept by triggers on cases and filled online (fillBesideCases) as case_awaits is.
 */
export class KeepTheStatesOfCases1796442100000 implements MigrationInterface {
  name = 'KeepTheStatesOfCases1796442100000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await makeOnce(q, 'case_states', () => this.make(q));
    await fillBesideCases(q, {
      columns: 'tenant_id, id, state_key, updated_at',
      write: `INSERT INTO case_states (tenant_id, case_id, state, updated_at)
           SELECT b.tenant_id, b.id, s, b.updated_at FROM batch b, case_states_of(b.state_key) s
           ON CONFLICT (case_id, state) DO UPDATE SET updated_at = excluded.updated_at`,
    });
  }

  /** The table, its index and policies, and the triggers that keep it: one transaction. */
  private async make(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "case_states" (
      "tenant_id" uuid NOT NULL,
      "case_id" uuid NOT NULL,
      "state" text COLLATE "C" NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_case_states" PRIMARY KEY ("case_id", "state"),
      CONSTRAINT "FK_tenant_case_states_case_id" FOREIGN KEY ("tenant_id", "case_id")
        REFERENCES "cases" ("tenant_id", "id") ON DELETE CASCADE)`);
    await q.query(
      'CREATE INDEX "IDX_case_states_state" ON "case_states" ("tenant_id", "state", "updated_at" DESC, "case_id")',
    );
    await bindRowsToTheirCouncil(q, 'case_states');
    // Each region, and each part of it before a ".": the states `s = x OR s LIKE x || '.%'` found.
    await q.query(`CREATE FUNCTION case_states_of(state_key text)
      RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
        SELECT DISTINCT x FROM unnest(string_to_array(state_key, ';')) s,
          LATERAL (SELECT s UNION ALL
                   SELECT left(s, i - 1) FROM generate_series(1, length(s)) i
                    WHERE substr(s, i, 1) = '.') y(x)
    $$`);
    // An event that leaves the case in its states (most events) moves only its rows' updated_at,
    // which IDX_case_states_state orders by (the list is most recently changed first): one UPDATE,
    // the states neither worked out nor compared. A change of states deletes the rows it left,
    // inserts the ones it entered and moves the rest.
    await q.query(`CREATE FUNCTION keep_case_states() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF OLD.state_key IS DISTINCT FROM NEW.state_key THEN
            DELETE FROM case_states
             WHERE case_id = NEW.id AND state NOT IN (SELECT case_states_of(NEW.state_key));
          END IF;
          UPDATE case_states SET updated_at = NEW.updated_at
           WHERE case_id = NEW.id AND updated_at IS DISTINCT FROM NEW.updated_at;
          IF OLD.state_key IS NOT DISTINCT FROM NEW.state_key THEN
            RETURN NULL;
          END IF;
        END IF;
        INSERT INTO case_states (tenant_id, case_id, state, updated_at)
        SELECT NEW.tenant_id, NEW.id, s, NEW.updated_at FROM case_states_of(NEW.state_key) s
        ON CONFLICT (case_id, state) DO NOTHING;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE TRIGGER cases_keep_states_inserted AFTER INSERT ON "cases"
      FOR EACH ROW EXECUTE FUNCTION keep_case_states()`);
    await q.query(`CREATE TRIGGER cases_keep_states_updated AFTER UPDATE OF state_key, updated_at ON "cases"
      FOR EACH ROW WHEN (OLD.state_key IS DISTINCT FROM NEW.state_key OR OLD.updated_at IS DISTINCT FROM NEW.updated_at)
      EXECUTE FUNCTION keep_case_states()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER cases_keep_states_updated ON "cases"');
    await q.query('DROP TRIGGER cases_keep_states_inserted ON "cases"');
    await q.query('DROP FUNCTION keep_case_states()');
    await q.query('DROP FUNCTION case_states_of(text)');
    await unbindRowsFromTheirCouncil(q, 'case_states');
    await q.query('DROP TABLE "case_states"');
  }
}
