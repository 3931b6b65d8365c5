import { MigrationInterface, QueryRunner } from 'typeorm';

/** The cases bound to NEW.office_id whose run NEW's holding overlaps, as 1796442600000 chose them. */
const HELD_RUN = `FROM cases c
         WHERE c.tenant_id = NEW.tenant_id
           AND (NEW.held_until IS NULL OR NEW.held_until >= (c.created_at AT TIME ZONE 'Europe/London')::date)
           AND (c.closed_at IS NULL OR NEW.held_from <= (c.closed_at AT TIME ZONE 'Europe/London')::date)`;

/** 1796442600000's test that a case's role binds NEW.office_id: a delegation looked up for each role. */
const BOUND_BY_JOIN = `EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                         LEFT JOIN delegations g ON g.tenant_id = c.tenant_id AND r.value->>'kind' = 'delegation'
                                                AND g.id = (r.value->>'delegationId')::uuid
                        WHERE coalesce((r.value->>'officeId')::uuid, g.delegate_office_id) = NEW.office_id)`;

/**
 * The same test with the delegations to the office read once (an uncorrelated sub-select, one
 * snapshot with the statement): a role names the office, or has no office and is a delegation
 * given to it, as coalesce(officeId, the delegation's office) did.
 */
const BOUND = `EXISTS (SELECT 1 FROM jsonb_each(c.roles) r
                        WHERE (r.value->>'officeId')::uuid = NEW.office_id
                           OR (r.value->>'officeId' IS NULL AND r.value->>'kind' = 'delegation'
                               AND (r.value->>'delegationId')::uuid = ANY (ARRAY(
                                     SELECT g.id FROM delegations g
                                      WHERE g.tenant_id = NEW.tenant_id AND g.delegate_office_id = NEW.office_id))))`;

const NAME = `INSERT INTO case_people (tenant_id, case_id, person_id, updated_at)
        SELECT c.tenant_id, c.id, NEW.person_id, c.updated_at`;

/** This migration's: each case locked, in id order, just before its row is written. */
const HELD_UP = `CREATE OR REPLACE FUNCTION keep_case_people_held() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${NAME} ${HELD_RUN}
           AND ${BOUND}
         ORDER BY c.id
           FOR UPDATE OF c
        ON CONFLICT (case_id, person_id) DO NOTHING;
        RETURN NULL;
      END
    $$`;

/** 1796442700000's: every case locked first, in id order, then the rows written. */
const HELD_DOWN = `CREATE OR REPLACE FUNCTION keep_case_people_held() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 ${HELD_RUN}
           AND ${BOUND_BY_JOIN} ORDER BY c.id FOR UPDATE OF c;
        ${NAME} ${HELD_RUN}
           AND ${BOUND_BY_JOIN}
         ORDER BY c.id
        ON CONFLICT (case_id, person_id) DO NOTHING;
        RETURN NULL;
      END
    $$`;

/**
 * An appointment names its holder in every case bound to the office (1796442600000), each case
 * held before its row is written (1796442700000: a send naming the same person in the case waited
 * on the appointment's row while the appointment waited on the send's case). 1796442700000 read
 * the cases twice, once to lock them all and once to name the holder, and looked each delegation
 * role's delegation up: for an office bound in 40,002 open cases of 100,000, the trigger took
 * 3.6 s of the backend's CPU (docs/benchmarks.md, session 35). Now one statement locks each case
 * in id order (LockRows above the sort) and writes its row before it locks the next, so no row is
 * written in a case the appointment does not hold, as before; and the delegations to the office
 * are read once. The hand-over that follows (CaseRepository.lockOpenBound, id order, FOR UPDATE)
 * finds the open cases already locked by its own transaction and writes nothing to them again.
 * keep_case_people_delegated (a delegation given to another office) is as 1796442700000 left it.
 */
export class LockEachCaseAsItsHolderIsNamed1796443100000 implements MigrationInterface {
  name = 'LockEachCaseAsItsHolderIsNamed1796443100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(HELD_UP);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(HELD_DOWN);
  }
}
