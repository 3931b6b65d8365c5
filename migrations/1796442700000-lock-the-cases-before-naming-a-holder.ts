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
    await q.query(`CREATE OR REPLACE FUNCTION keep_case_people_held() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 ${HELD_CASES} ORDER BY c.id FOR UPDATE OF c;
        INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, NEW.person_id, c.updated_at ${HELD_CASES}
         ORDER BY c.id
        ON CONFLICT (case_id, person_id) DO NOTHING;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE OR REPLACE FUNCTION keep_case_people_delegated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 ${DELEGATED_CASES} ORDER BY c.id FOR UPDATE OF c;
        INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, p, c.updated_at FROM cases c,
               case_bound_people(c.tenant_id, '{}', c.roles, c.created_at, c.closed_at) p
         WHERE c.tenant_id = NEW.tenant_id
           AND EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                        WHERE r.value->>'kind' = 'delegation' AND r.value->>'delegationId' = NEW.id::text)
         ORDER BY c.id
        ON CONFLICT (case_id, person_id) DO NOTHING;
        RETURN NULL;
      END
    $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION keep_case_people_held() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, NEW.person_id, c.updated_at ${HELD_CASES}
         ORDER BY c.id
        ON CONFLICT (case_id, person_id) DO NOTHING;
        RETURN NULL;
      END
    $$`);
    await q.query(`CREATE OR REPLACE FUNCTION keep_case_people_delegated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, p, c.updated_at FROM cases c,
               case_bound_people(c.tenant_id, '{}', c.roles, c.created_at, c.closed_at) p
         WHERE c.tenant_id = NEW.tenant_id
           AND EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                        WHERE r.value->>'kind' = 'delegation' AND r.value->>'delegationId' = NEW.id::text)
         ORDER BY c.id
        ON CONFLICT (case_id, person_id) DO NOTHING;
        RETURN NULL;
      END
    $$`);
  }
}
