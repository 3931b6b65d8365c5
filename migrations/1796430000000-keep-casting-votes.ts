import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The casting vote of the person presiding on a tie under a majority rule (LGA 1972 Sch 12 para
 * 39(2)): which way it went, who presided and their name as the roll gave it; none otherwise.
 */
export class KeepCastingVotes1796430000000 implements MigrationInterface {
  name = 'KeepCastingVotes1796430000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "item_outcomes" ADD "casting_vote" jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "item_outcomes" DROP COLUMN "casting_vote"`);
  }
}
