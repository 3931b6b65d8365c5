import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The app and the workers run as a role that owns nothing (issue #20): members of the group role
 * ratify_runtime, which may read and write the tables they use, and no more. The audit records and
 * the directory's record of changes are append-only for it: INSERT and SELECT, never UPDATE,
 * DELETE or TRUNCATE, whatever its triggers; it cannot ALTER a table or DROP a trigger, since only
 * an owner can. The migrations table it may only read (readiness checks it). Tables that later
 * migrations create get the same read and write by default privileges; an append-only one must
 * revoke UPDATE and DELETE itself.
 *
 * The group role is cluster-wide (CREATE ROLE needs CREATEROLE: the owner running the migrations
 * has it, or a DBA creates the role first). The login role is the deployment's: the embedded
 * default makes one (libs/database/database-roles.service.ts); an external PostgreSQL's is granted
 * `ratify_runtime` by its DBA (README, Security).
 */
export class RuntimeRole1796356381593 implements MigrationInterface {
  name = 'RuntimeRole1796356381593';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ratify_runtime') THEN
        CREATE ROLE ratify_runtime NOLOGIN;
      END IF;
    END $$`);
    await q.query('GRANT USAGE ON SCHEMA public TO ratify_runtime');
    await q.query(
      'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ratify_runtime',
    );
    await q.query(
      'REVOKE UPDATE, DELETE ON "audit_records", "directory_changes" FROM ratify_runtime',
    );
    await q.query('REVOKE INSERT, UPDATE, DELETE ON "migrations" FROM ratify_runtime');
    await q.query('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ratify_runtime');
    await q.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ratify_runtime',
    );
    await q.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE ON SEQUENCES TO ratify_runtime',
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE ON SEQUENCES FROM ratify_runtime',
    );
    await q.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ratify_runtime',
    );
    await q.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ratify_runtime');
    await q.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ratify_runtime');
    await q.query('REVOKE USAGE ON SCHEMA public FROM ratify_runtime');
    // The role itself stays: other databases of the cluster may grant it theirs.
  }
}
