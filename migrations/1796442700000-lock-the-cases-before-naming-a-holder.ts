import { MigrationInterface, QueryRunner } from 'typeorm';

/** The cases bound to NEW.office_id whose run NEW's holding overlaps: migration 1796442600000's. */
const HELD_CASES = `FROM cases c
         WHERE c.tenant_id = NEW.tenant_id
           AND (NEW.held_until IS NULL OR NEW.held_until >= (c.created_at AT TIME ZONE 'Europe/London')::date)
           AND (c.closed_at IS NULL OR NEW.held_from <= (c.closed_at AT TIME ZONE 'Europe/London')::date)
           AND EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                         LEFT JOIN delegations g ON g.tenant_id = c.tenant_id AND r.value->>'kind' = 'delegation'
                                                AND g.id = (r.value->>'delegationId')::uuid
                        WHERE coalesce((r.value->>'officeId')::uuid, g.delegate_office_id) = NEW.office_id)`;

/** The cases bound through the delegation NEW: migration 1796442600000's. */
const DELEGATED_CASES = `FROM cases c
         WHERE c.tenant_id = NEW.tenant_id
           AND EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                        WHERE r.value->>'kind' = 'delegation' AND r.value->>'delegationId' = NEW.id::text)`;

/** Migration 1796442600000's statement naming NEW's person in every case HELD_CASES are. */
const NAME_THE_HOLDER = `INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, NEW.person_id, c.updated_at ${HELD_CASES}
         ORDER BY c.id
        ON CONFLICT (case_id, person_id) DO NOTHING;`;

/** Migration 1796442600000's statement naming everyone bound to the cases DELEGATED_CASES are. */
const NAME_THE_DELEGATED = `INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, p, c.updated_at FROM cases c,
               case_bound_people(c.tenant_id, '{}', c.roles, c.created_at, c.closed_at) p
         WHERE c.tenant_id = NEW.tenant_id
           AND EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                        WHERE r.value->>'kind' = 'delegation' AND r.value->>'delegationId' = NEW.id::text)
         ORDER BY c.id
        ON CONFLICT (case_id, person_id) DO NOTHING;`;

/**
 * The trigger function `name` running `naming`, after locking the cases `locked` (a FROM clause
 * over `c`) in id order when given (up), or not (down, as 1796442600000 wrote it).
 */
const trigger = (name: string, naming: string, locked?: string) =>
  `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
${locked ? `        PERFORM 1 ${locked} ORDER BY c.id FOR UPDATE OF c;\n` : ''}        ${naming}
        RETURN NULL;
      END
    $$`;

/**
 * An appointment (or a delegation moved to another office) names the new holders in every case
 * bound to the office by inserting case_people rows (1796442600000), before the hand-over locks
 * those cases in id order (CaseRepository.lockOpenBound). A send naming the same person in one of
 * those cases for the first time, holding its case, then waited on the appointment's uncommitted
 * row of the same key, while the appointment waited on that case: a deadlock (review12, shown on
 * the 100,000-case copy; case-people-appointment-lock.integration-spec). The triggers now lock the
 * cases in id order first, as lockOpenBound and the deadline sweep's batch do, so the appointment
 * waits for the send's case before it writes a row the send could wait on.
 */
export class LockTheCasesBeforeNamingAHolder1796442700000 implements MigrationInterface {
  name = 'LockTheCasesBeforeNamingAHolder1796442700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(trigger('keep_case_people_held', NAME_THE_HOLDER, HELD_CASES));
    await q.query(trigger('keep_case_people_delegated', NAME_THE_DELEGATED, DELEGATED_CASES));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(trigger('keep_case_people_held', NAME_THE_HOLDER));
    await q.query(trigger('keep_case_people_delegated', NAME_THE_DELEGATED));
  }
}
