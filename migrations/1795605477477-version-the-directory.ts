import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version per tenant's directory, bumped by triggers on every change to offices, delegations,
 * people and bodies: the send path caches a directory read only under the version it was read at.
 */
export class VersionTheDirectory1795605477477 implements MigrationInterface {
  name = 'VersionTheDirectory1795605477477';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE "tenants" ADD "directory_version" bigint NOT NULL DEFAULT \'0\'');
    await q.query(`CREATE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tenants SET directory_version = directory_version + 1
         WHERE tenant_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
        RETURN NULL;
      END
    $$`);
    for (const table of ['offices', 'delegations', 'people', 'bodies']) {
      await q.query(
        `CREATE TRIGGER ${table}_bump_directory_version AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION bump_directory_version()`,
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['offices', 'delegations', 'people', 'bodies']) {
      await q.query(`DROP TRIGGER ${table}_bump_directory_version ON "${table}"`);
    }
    await q.query('DROP FUNCTION bump_directory_version()');
    await q.query('ALTER TABLE "tenants" DROP COLUMN "directory_version"');
  }
}
