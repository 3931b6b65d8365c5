import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisations and people become records the council's administrators keep: an organisation's
 * active dates, whether a person is an elected member and when they left, a version on each for
 * concurrent edits, and one email per person per council whatever its case. Organisations bump the
 * directory's version like the other directory tables, so no cached directory outlives a change.
 *
 * Elected members are filled from today's meaning: quorum rules counted a seat held for a local
 * authority as an elected member's, so the people who hold such a seat are elected members.
 */
export class KeepOrganisationsAndPeople1795608213847 implements MigrationInterface {
  name = 'KeepOrganisationsAndPeople1795608213847';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "organisations" ADD "active_from" date');
    await q.query('ALTER TABLE "organisations" ADD "active_until" date');
    await q.query('ALTER TABLE "organisations" ADD "version" integer NOT NULL DEFAULT 1');
    await q.query('ALTER TABLE "people" ADD "is_elected_member" boolean NOT NULL DEFAULT false');
    await q.query('ALTER TABLE "people" ADD "left_on" date');
    await q.query('ALTER TABLE "people" ADD "version" integer NOT NULL DEFAULT 1');
    await q.query(`UPDATE people p SET is_elected_member = true
      WHERE EXISTS (SELECT 1 FROM memberships ms JOIN organisations o ON o.id = ms.organisation_id AND o.tenant_id = ms.tenant_id
                     WHERE ms.person_id = p.id AND ms.tenant_id = p.tenant_id AND o.kind = 'local_authority')`);
    // Emails that differ only in case are one address: a council holding both must merge them first.
    const clashes: { tenant_id: string; email: string }[] = await q.query(
      `SELECT tenant_id, lower(email) AS email FROM people GROUP BY tenant_id, lower(email) HAVING count(*) > 1`,
    );
    if (clashes.length > 0)
      throw new Error(
        `people share an email address in different case, which is now one address per council: ${clashes
          .map((c) => `${c.email} (tenant ${c.tenant_id})`)
          .join(', ')}. Give each person their own address, then run the migrations again.`,
      );
    await q.query('DROP INDEX "public"."IDX_7979be69980d1a298d6eaece11"');
    await q.query(
      'CREATE UNIQUE INDEX "IDX_people_tenant_email" ON "people" ("tenant_id", lower("email"))',
    );
    await q.query(
      'CREATE TRIGGER organisations_bump_directory_version AFTER INSERT OR UPDATE OR DELETE ON "organisations" FOR EACH ROW EXECUTE FUNCTION bump_directory_version()',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER organisations_bump_directory_version ON "organisations"');
    await q.query('DROP INDEX "public"."IDX_people_tenant_email"');
    await q.query(
      'CREATE UNIQUE INDEX "IDX_7979be69980d1a298d6eaece11" ON "people" ("tenant_id", "email")',
    );
    await q.query('ALTER TABLE "people" DROP COLUMN "version"');
    await q.query('ALTER TABLE "people" DROP COLUMN "left_on"');
    await q.query('ALTER TABLE "people" DROP COLUMN "is_elected_member"');
    await q.query('ALTER TABLE "organisations" DROP COLUMN "version"');
    await q.query('ALTER TABLE "organisations" DROP COLUMN "active_until"');
    await q.query('ALTER TABLE "organisations" DROP COLUMN "active_from"');
  }
}
