import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The substitution scheme as data: for each seat, the people the partners agreed may sit in it
 * while its member is away, from and until when, and where the partners agreed it. A change to the
 * scheme bumps the directory's version like the other directory tables. Bodies whose rules let any
 * deputy of the partner substitute (every existing body) keep working without a scheme.
 */
export class KeepSubstitutionSchemes1795608517386 implements MigrationInterface {
  name = 'KeepSubstitutionSchemes1795608517386';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "membership_substitutes" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "tenant_id" uuid NOT NULL,
      "membership_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "valid_from" date NOT NULL,
      "valid_until" date,
      "reference" text NOT NULL,
      "version" integer NOT NULL DEFAULT 1,
      CONSTRAINT "PK_membership_substitutes" PRIMARY KEY ("id"))`);
    await q.query(
      'CREATE INDEX "IDX_membership_substitutes_seat" ON "membership_substitutes" ("tenant_id", "membership_id")',
    );
    await q.query(
      'CREATE TRIGGER membership_substitutes_bump_directory_version AFTER INSERT OR UPDATE OR DELETE ON "membership_substitutes" FOR EACH ROW EXECUTE FUNCTION bump_directory_version()',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TRIGGER membership_substitutes_bump_directory_version ON "membership_substitutes"',
    );
    await q.query('DROP TABLE "membership_substitutes"');
  }
}
