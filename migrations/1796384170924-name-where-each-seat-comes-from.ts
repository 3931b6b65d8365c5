import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A seat's source: the terms of reference, constitution or minute that appoints it (issue #10), as
 * a body's rules already name theirs. Null for the seats kept before it was asked.
 */
export class NameWhereEachSeatComesFrom1796384170924 implements MigrationInterface {
  name = 'NameWhereEachSeatComesFrom1796384170924';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "memberships" ADD COLUMN "source" text');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "memberships" DROP COLUMN "source"');
  }
}
