import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A directory row (a person, an API key, ...) moved from one council to another moves both
 * councils' directory versions, not only the one it joins. An API process keeps a key under its
 * council's version (libs/engine/send-read.repository.ts): were the council it left not moved, a
 * key moved away would still be judged, under that council's unchanged version, as its old
 * council's person there.
 */
export class BumpBothCouncilsOfAMovedRow1796436500000 implements MigrationInterface {
  name = 'BumpBothCouncilsOfAMovedRow1796436500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.tenant_id IS DISTINCT FROM NEW.tenant_id THEN
          UPDATE tenants SET directory_version = nextval('directory_version_seq')
           WHERE tenant_id IN (OLD.tenant_id, NEW.tenant_id);
        ELSE
          UPDATE tenants SET directory_version = nextval('directory_version_seq')
           WHERE tenant_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
        END IF;
        RETURN NULL;
      END
    $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION bump_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tenants SET directory_version = nextval('directory_version_seq')
         WHERE tenant_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.tenant_id ELSE NEW.tenant_id END;
        RETURN NULL;
      END
    $$`);
  }
}
