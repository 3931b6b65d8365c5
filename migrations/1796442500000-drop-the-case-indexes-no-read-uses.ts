import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * Two indexes on cases that no read uses, each written by every event (an event's UPDATE of its
 * case is never HOT: updated_at is indexed), issue #21:
 * - cases_awaiting_idx (GIN on awaiting_person_ids, the initial schema's): `@>` on an array is not
 *   leakproof, so under row-level security no query as the app makes it can take it as an index
 *   condition (participantSql's test of it is one arm of an OR of subqueries besides); "awaiting
 *   me" reads case_awaits (migration 1796440800000, ADR 0053). Each event added its awaited
 *   people to the index's pending list, and a later write or vacuum moved them into the index.
 * - IDX_563bb0ef45a5235703a2b885b9 (tenant_id, state_key): no query reads cases by state_key alone;
 *   the dashboard counts open cases by state through IDX_cases_open_stage (1796441400000), a stage
 *   is read from top_state (1796442000000) and a state from case_states (1796442100000).
 * Dropped online (ADR 0044), as 1796441300000 dropped the register's.
 */
export class DropTheCaseIndexesNoReadUses1796442500000 implements MigrationInterface {
  name = 'DropTheCaseIndexesNoReadUses1796442500000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'cases_awaiting_idx');
    await dropIndexOnline(q, 'IDX_563bb0ef45a5235703a2b885b9');
  }

  public async down(q: QueryRunner): Promise<void> {
    // As the initial schema built them.
    await buildIndexOnline(q, {
      name: 'IDX_563bb0ef45a5235703a2b885b9',
      table: 'cases',
      on: '("tenant_id", "state_key")',
    });
    await buildIndexOnline(q, {
      name: 'cases_awaiting_idx',
      table: 'cases',
      on: 'USING GIN ("awaiting_person_ids")',
    });
  }
}
