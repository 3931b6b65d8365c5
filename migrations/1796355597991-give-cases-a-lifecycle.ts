import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's lifecycle around its workflow (ADR 0012): active, paused (events refused, deadlines
 * suspended) or withdrawn (closed to further events), since when and why. Every existing case is
 * active. A suspended deadline is one a pause holds; resuming moves it and makes it pending again.
 */
export class GiveCasesALifecycle1796355597991 implements MigrationInterface {
  name = 'GiveCasesALifecycle1796355597991';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "cases" ADD "lifecycle_status" text NOT NULL DEFAULT 'active', ADD "lifecycle_since" TIMESTAMP WITH TIME ZONE, ADD "lifecycle_reason" text`,
    );
    await q.query(
      `ALTER TABLE "cases" ADD CONSTRAINT "CHK_cases_lifecycle_status" CHECK ("lifecycle_status" IN ('active', 'paused', 'withdrawn'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE "deadlines" SET "status" = 'pending' WHERE "status" = 'suspended'`);
    await q.query(`ALTER TABLE "cases" DROP CONSTRAINT "CHK_cases_lifecycle_status"`);
    await q.query(
      `ALTER TABLE "cases" DROP COLUMN "lifecycle_reason", DROP COLUMN "lifecycle_since", DROP COLUMN "lifecycle_status"`,
    );
  }
}
