import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * The register's decisions by their key-decision answer, then in its order, by the columns a
 * trigger keeps (migration 1796441000000): "key decisions only" is a range of this index for the
 * app's runtime role too (docs/adr/0054).
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds.
 */
export class IndexTheRegisterByItsKeyDecision1796441200000 implements MigrationInterface {
  name = 'IndexTheRegisterByItsKeyDecision1796441200000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_register_key',
      table: 'cases',
      on: `("tenant_id", "register_key_decision", "register_published_on" DESC, "id")
        WHERE "register_published_on" IS NOT NULL`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_register_key');
  }
}
