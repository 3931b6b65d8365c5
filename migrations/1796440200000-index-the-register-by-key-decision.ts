import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';
import {
  KEY_DECISION_1796440000000,
  LISTED_1796440000000,
  PUBLISHED_ON_1796440000000,
} from './register-index-expressions';

/**
 * "Key decisions only" tested every published decision's snapshot, in a sequential scan of every
 * case, about a second at 100,000 cases (issue #21). This index holds the register's decisions by
 * their key-decision answer, then in the register's order: the page is a range of it.
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds.
 */
export class IndexTheRegisterByKeyDecision1796440200000 implements MigrationInterface {
  name = 'IndexTheRegisterByKeyDecision1796440200000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_register_key_decision',
      table: 'cases',
      on: `("tenant_id", (${KEY_DECISION_1796440000000}), ${PUBLISHED_ON_1796440000000} DESC, "id")
        WHERE ${LISTED_1796440000000}`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_register_key_decision');
  }
}
