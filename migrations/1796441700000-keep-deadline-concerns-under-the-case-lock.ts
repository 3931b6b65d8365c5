import { MigrationInterface, QueryRunner } from 'typeorm';

/** The deadlines trigger's work as migrations/1796440700000 wrote it. */
const KEEP = `
        IF TG_OP <> 'INSERT' THEN
          DELETE FROM deadline_concerns WHERE tenant_id = OLD.tenant_id AND deadline_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status = 'pending' AND NEW.kind = 'deadline' THEN
          INSERT INTO deadline_concerns (tenant_id, concerns, subject_id, due_at, deadline_id, case_id)
          SELECT NEW.tenant_id, k.concerns, k.subject_id, NEW.due_at, NEW.id, NEW.case_id
            FROM cases c, deadline_concerns_of_case(c) k
           WHERE c.tenant_id = NEW.tenant_id AND c.id = NEW.case_id
          ON CONFLICT DO NOTHING;
        END IF;`;

/*
 * FOR SHARE waits for a transaction that is writing the case (the engine's UPDATE takes FOR NO KEY
 * UPDATE) and holds back one that comes to write it until this one commits. Each statement after
 * it reads with a snapshot of its own, so it sees the case's trigger's rows committed. Nothing is
 * taken again in the engine's own statement, which has written the case already.
 */
const UNDER_THE_CASE_LOCK = `
        IF TG_OP <> 'INSERT' THEN
          PERFORM 1 FROM cases WHERE tenant_id = OLD.tenant_id AND id = OLD.case_id FOR SHARE;
        END IF;
        IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.case_id IS DISTINCT FROM OLD.case_id) THEN
          PERFORM 1 FROM cases WHERE tenant_id = NEW.tenant_id AND id = NEW.case_id FOR SHARE;
        END IF;`;

const replaced = (body: string) => `CREATE OR REPLACE FUNCTION keep_deadline_concerns_of_deadline()
      RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
${body}
        RETURN NULL;
      END
    $$`;

/**
 * The deadlines trigger takes its case's row lock (FOR SHARE) before it writes, as the cases
 * trigger runs under the case's row lock its UPDATE took: the two then never run side by side on
 * one case. Until now, under READ COMMITTED, each could miss the other's uncommitted work
 * (review10): the sweep settling a deadline deleted only the rows its snapshot saw, while the
 * engine, changing whom the case awaits, inserted rows for the deadline it still saw pending, so
 * rows of a settled deadline stayed; and a deadline armed beside such a change could miss the
 * newly awaited person. Every writer that waits for a deadline takes it before its case (the
 * sweep's claim, LifecycleRepository.lock; the engine skips a claimed one), so the case lock taken
 * here is in that order and adds no deadlock.
 *
 * The rows such races left are deleted: those of deadlines no longer pending (the feeds' join
 * already left them out).
 */
export class KeepDeadlineConcernsUnderTheCaseLock1796441700000 implements MigrationInterface {
  name = 'KeepDeadlineConcernsUnderTheCaseLock1796441700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(replaced(UNDER_THE_CASE_LOCK + KEEP));
    await q.query(`DELETE FROM deadline_concerns k WHERE NOT EXISTS (
      SELECT 1 FROM deadlines d WHERE d.tenant_id = k.tenant_id AND d.id = k.deadline_id
         AND d.status = 'pending' AND d.kind = 'deadline')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(replaced(KEEP));
  }
}
