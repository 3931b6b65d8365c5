import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';
import { LISTED_1796440000000, PUBLISHED_ON_1796440000000 } from './register-index-expressions';

/**
 * The register's pages read "IDX_cases_published_decisions" in order, and tested each row against
 * the notice's fields in its snapshot: a filter that matched few rows, or a page far down the
 * list, tested thousands (issue #21). This index holds only the decisions the register lists (its
 * predicate is the register's own), so that a page reads its own rows and tests none of that.
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds.
 */
export class IndexTheRegister1796440100000 implements MigrationInterface {
  name = 'IndexTheRegister1796440100000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_register',
      table: 'cases',
      on: `("tenant_id", ${PUBLISHED_ON_1796440000000} DESC, "id") WHERE ${LISTED_1796440000000}`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_register');
  }
}
