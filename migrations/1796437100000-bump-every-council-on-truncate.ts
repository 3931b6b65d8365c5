import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables whose rows an API process may keep under a council's directory version. */
const VERSIONED = [
  'offices',
  'delegations',
  'people',
  'bodies',
  'organisations',
  'office_holders',
  'memberships',
  'membership_substitutes',
  'api_keys',
];

/**
 * TRUNCATE fires no row trigger, so a directory table emptied by it (a test reset, a hand repair)
 * would leave every council's directory version where it was and an API process would go on
 * judging keys and people from the rows it kept (libs/engine/send-read.repository.ts). A
 * statement trigger cannot tell which councils lost rows: every council's version moves.
 */
export class BumpEveryCouncilOnTruncate1796437100000 implements MigrationInterface {
  name = 'BumpEveryCouncilOnTruncate1796437100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION bump_every_directory_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE tenants SET directory_version = nextval('directory_version_seq');
        RETURN NULL;
      END
    $$`);
    for (const table of VERSIONED) {
      await q.query(
        `CREATE TRIGGER ${table}_bump_every_directory_version AFTER TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION bump_every_directory_version()`,
      );
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of VERSIONED) {
      await q.query(`DROP TRIGGER ${table}_bump_every_directory_version ON "${table}"`);
    }
    await q.query('DROP FUNCTION bump_every_directory_version()');
  }
}
