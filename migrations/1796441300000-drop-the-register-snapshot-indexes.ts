import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';
import {
  KEY_DECISION_1796440000000,
  LISTED_1796440000000,
  PUBLISHED_ON_1796440000000,
  SEARCHED_1796440000000,
} from './register-index-expressions';

/**
 * The register's indexes on its snapshot expressions serve no read as the app makes them: under
 * row-level security their conditions (jsonb operators, LIKE) are not leakproof, so the register
 * now reads its kept columns and words (migration 1796441000000, docs/adr/0054). The older
 * partial index of published decisions (migration 1796412000000) was the register's before them;
 * no query has its predicate. Each one slowed every write of a case. Dropped online (ADR 0044).
 */
export class DropTheRegisterSnapshotIndexes1796441300000 implements MigrationInterface {
  name = 'DropTheRegisterSnapshotIndexes1796441300000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_register_words');
    await dropIndexOnline(q, 'IDX_cases_register_key_decision');
    await dropIndexOnline(q, 'IDX_cases_register');
    await dropIndexOnline(q, 'IDX_cases_published_decisions');
  }

  public async down(q: QueryRunner): Promise<void> {
    // As migrations 1796412000000 and 1796440100000 to 1796440300000 built them.
    await buildIndexOnline(q, {
      name: 'IDX_cases_published_decisions',
      table: 'cases',
      on: `("tenant_id", ${PUBLISHED_ON_1796440000000} DESC, "id") WHERE ${PUBLISHED_ON_1796440000000} IS NOT NULL`,
    });
    await buildIndexOnline(q, {
      name: 'IDX_cases_register',
      table: 'cases',
      on: `("tenant_id", ${PUBLISHED_ON_1796440000000} DESC, "id") WHERE ${LISTED_1796440000000}`,
    });
    await buildIndexOnline(q, {
      name: 'IDX_cases_register_key_decision',
      table: 'cases',
      on: `("tenant_id", (${KEY_DECISION_1796440000000}), ${PUBLISHED_ON_1796440000000} DESC, "id")
        WHERE ${LISTED_1796440000000}`,
    });
    await buildIndexOnline(q, {
      name: 'IDX_cases_register_words',
      table: 'cases',
      on: `USING gin ((${SEARCHED_1796440000000}) gin_trgm_ops) WHERE ${LISTED_1796440000000}`,
    });
  }
}
