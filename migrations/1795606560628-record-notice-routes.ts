import { MigrationInterface, QueryRunner } from 'typeorm';

/** The lawful routes around a notice that fell short, kept per agenda item. */
export class RecordNoticeRoutes1795606560628 implements MigrationInterface {
  name = 'RecordNoticeRoutes1795606560628';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "agenda_items" ADD "notice_routes" jsonb NOT NULL DEFAULT \'{}\'');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "agenda_items" DROP COLUMN "notice_routes"');
  }
}
