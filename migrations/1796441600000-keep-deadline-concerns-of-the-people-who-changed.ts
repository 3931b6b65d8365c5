import { MigrationInterface, QueryRunner } from 'typeorm';

/** The cases trigger's work as migrations/1796440700000 wrote it: every row of the case again. */
const WHOLE_CASE = `
        DELETE FROM deadline_concerns WHERE tenant_id = NEW.tenant_id AND case_id = NEW.id;
        INSERT INTO deadline_concerns (tenant_id, concerns, subject_id, due_at, deadline_id, case_id)
        SELECT d.tenant_id, k.concerns, k.subject_id, d.due_at, d.id, d.case_id
          FROM deadlines d, deadline_concerns_of_case(NEW) k
         WHERE d.tenant_id = NEW.tenant_id AND d.case_id = NEW.id
           AND d.status = 'pending' AND d.kind = 'deadline'
        ON CONFLICT DO NOTHING;`;

const replaced = (body: string) => `CREATE OR REPLACE FUNCTION keep_deadline_concerns_of_case()
      RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
${body}
        RETURN NULL;
      END
    $$`;

/**
 * Almost every event changes whom its case awaits, and the trigger of 1796440700000 then wrote
 * every row of the case's pending deadlines again, bodies too: the bodies through each role's
 * delegation (jsonb_each joined to delegations), several milliseconds a send on a loaded machine
 * (session 31's review), on the engine's one round trip. When the roles are unchanged only the
 * people who stopped being awaited lose their rows and only those newly awaited gain them; a
 * change of roles still writes the case's rows again whole.
 */
export class KeepDeadlineConcernsOfThePeopleWhoChanged1796441600000 implements MigrationInterface {
  name = 'KeepDeadlineConcernsOfThePeopleWhoChanged1796441600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      replaced(`
        IF OLD.roles IS DISTINCT FROM NEW.roles THEN
${WHOLE_CASE}
          RETURN NULL;
        END IF;
        DELETE FROM deadline_concerns
         WHERE tenant_id = NEW.tenant_id AND case_id = NEW.id AND concerns = 'person'
           AND NOT subject_id = ANY (coalesce(NEW.awaiting_person_ids, '{}'));
        INSERT INTO deadline_concerns (tenant_id, concerns, subject_id, due_at, deadline_id, case_id)
        SELECT d.tenant_id, 'person', p, d.due_at, d.id, d.case_id
          FROM deadlines d, unnest(NEW.awaiting_person_ids) p
         WHERE d.tenant_id = NEW.tenant_id AND d.case_id = NEW.id
           AND d.status = 'pending' AND d.kind = 'deadline'
           AND NOT p = ANY (coalesce(OLD.awaiting_person_ids, '{}'))
        ON CONFLICT DO NOTHING;`),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(replaced(WHOLE_CASE));
  }
}
