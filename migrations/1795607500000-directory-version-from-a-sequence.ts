import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A tenant's directory version is taken from a sequence instead of counted up: a sequence never
 * hands out a number twice, even when the transaction that took it rolls back, so a directory the
 * send path cached inside a rolled-back transaction can never be served under a version a later
 * commit reuses.
 */
export class DirectoryVersionFromASequence1795607500000 implements MigrationInterface {
  name = 'DirectoryVersionFromASequence1795607500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE SEQUENCE directory_version_seq');
    await q.query(
      `SELECT setval('directory_version_seq', GREATEST((SELECT max(directory_version) FROM tenants), 0) + 1, false)`,
    );
    await q.query(`CREATE OR REPLACE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tenants SET directory_version = nextval('directory_version_seq')
         WHERE tenant_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
        RETURN NULL;
      END
    $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tenants SET directory_version = directory_version + 1
         WHERE tenant_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
        RETURN NULL;
      END
    $$`);
    await q.query('DROP SEQUENCE directory_version_seq');
  }
}
