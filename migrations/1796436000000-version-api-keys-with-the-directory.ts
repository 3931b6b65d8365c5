import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A change to an API key (made, revoked, its expiry or person changed, deleted) moves its
 * council's directory version in the same transaction, as a change to a person does, so that an
 * API process may keep a key's row under the version it read it at and judge the key from it on
 * every event (libs/engine/send-read.repository.ts, issue #21): a key changed is a version no kept
 * row is under. Noting a key's last use (last_used_at alone, at most once a minute) moves
 * nothing: it would empty every directory cache of the council each minute a key is used.
 */
export class VersionApiKeysWithTheDirectory1796436000000 implements MigrationInterface {
  name = 'VersionApiKeysWithTheDirectory1796436000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      'CREATE TRIGGER api_keys_bump_directory_version AFTER INSERT OR DELETE ON "api_keys" FOR EACH ROW EXECUTE FUNCTION bump_directory_version()',
    );
    await q.query(
      `CREATE TRIGGER api_keys_bump_directory_version_on_change AFTER UPDATE ON "api_keys" FOR EACH ROW
         WHEN ((to_jsonb(OLD.*) - 'last_used_at') IS DISTINCT FROM (to_jsonb(NEW.*) - 'last_used_at'))
         EXECUTE FUNCTION bump_directory_version()`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER api_keys_bump_directory_version_on_change ON "api_keys"');
    await q.query('DROP TRIGGER api_keys_bump_directory_version ON "api_keys"');
  }
}
