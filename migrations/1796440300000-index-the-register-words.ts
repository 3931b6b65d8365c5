import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';
import { LISTED_1796440000000, SEARCHED_1796440000000 } from './register-index-expressions';

/**
 * The register's word search, by the trigrams of the words the public may search each listed
 * decision by (pg_trgm, migration 1796440000000): a search reads the decisions whose words may
 * hold the words searched for, not every published decision (issue #21).
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds.
 */
export class IndexTheRegisterWords1796440300000 implements MigrationInterface {
  name = 'IndexTheRegisterWords1796440300000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_register_words',
      table: 'cases',
      on: `USING gin ((${SEARCHED_1796440000000}) gin_trgm_ops) WHERE ${LISTED_1796440000000}`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_register_words');
  }
}
