import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * The public register read every case of every template that publishes decisions, snapshot and
 * all, and built every notice before keeping the published ones: more than ten minutes at 100,000
 * cases (issue #21). A partial index holds only the cases whose decision is published, in the
 * register's order (newest publication first, then by case); the register repository pages them
 * with the same expression, so that a page reads only its own rows.
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds. Landed as a
 * plain CREATE INDEX; a database that ran it so has the same index, and never runs it again.
 */
export class IndexPublishedDecisions1796412000000 implements MigrationInterface {
  name = 'IndexPublishedDecisions1796412000000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_published_decisions',
      table: 'cases',
      on: `("tenant_id", (snapshot #>> '{context,publication,publishedOn}') DESC, "id")
        WHERE (snapshot #>> '{context,publication,publishedOn}') IS NOT NULL`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_published_decisions');
  }
}
