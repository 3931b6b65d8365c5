import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Memberships become records the council's administrators keep: whether the seat votes (every
 * seat did until now), a version for concurrent edits, and the directory's version bumped by
 * every change to a seat like the other directory tables, so no cached directory outlives it.
 */
export class KeepMembershipTerms1795608419273 implements MigrationInterface {
  name = 'KeepMembershipTerms1795608419273';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "memberships" ADD "voting" boolean NOT NULL DEFAULT true');
    await q.query('ALTER TABLE "memberships" ADD "version" integer NOT NULL DEFAULT 1');
    await q.query(
      'CREATE TRIGGER memberships_bump_directory_version AFTER INSERT OR UPDATE OR DELETE ON "memberships" FOR EACH ROW EXECUTE FUNCTION bump_directory_version()',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER memberships_bump_directory_version ON "memberships"');
    await q.query('ALTER TABLE "memberships" DROP COLUMN "version"');
    await q.query('ALTER TABLE "memberships" DROP COLUMN "voting"');
  }
}
