import { MigrationInterface, QueryRunner } from 'typeorm';
import { buildIndexOnline, dropIndexOnline } from '../libs/database/online-index.service';

/**
 * The decisions the register lists, in its order, by the column a trigger keeps (migration
 * 1796441000000): its conditions on the date and the case are leakproof, so that a page, however
 * deep, is a range of this index for the app's runtime role too (docs/adr/0054).
 *
 * Built online, outside a transaction (ADR 0044): cases take events while it builds.
 */
export class IndexTheRegisterByItsDate1796441100000 implements MigrationInterface {
  name = 'IndexTheRegisterByItsDate1796441100000';
  transaction = false;

  public async up(q: QueryRunner): Promise<void> {
    await buildIndexOnline(q, {
      name: 'IDX_cases_register_on',
      table: 'cases',
      on: `("tenant_id", "register_published_on" DESC, "id") WHERE "register_published_on" IS NOT NULL`,
    });
  }

  public async down(q: QueryRunner): Promise<void> {
    await dropIndexOnline(q, 'IDX_cases_register_on');
  }
}
