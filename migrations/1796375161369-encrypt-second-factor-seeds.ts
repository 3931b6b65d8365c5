import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadSettings } from '../libs/config/settings.service';
import { SecondFactorKey } from '../libs/staff/second-factor-key.service';

/**
 * Authenticator-app seeds encrypted at rest (issue #16): every seed still kept as itself is sealed
 * with AES-256-GCM under SECOND_FACTOR_KEY (else the key kept in DATA_DIR/second-factor-key), the
 * key the app then reads them with. A database with no seed needs no key here.
 */
export class EncryptSecondFactorSeeds1796375161369 implements MigrationInterface {
  name = 'EncryptSecondFactorSeeds1796375161369';

  public async up(q: QueryRunner): Promise<void> {
    const rows: { account_id: string; secret: string }[] = await q.query(
      "SELECT account_id, secret FROM staff_second_factors WHERE secret NOT LIKE 'v1:%'",
    );
    if (rows.length === 0) return;
    const key = SecondFactorKey.fromSettings(loadSettings(process.env));
    for (const r of rows)
      await q.query('UPDATE staff_second_factors SET secret = $2 WHERE account_id = $1', [
        r.account_id,
        key.seal(r.account_id, r.secret),
      ]);
  }

  public async down(q: QueryRunner): Promise<void> {
    const rows: { account_id: string; secret: string }[] = await q.query(
      "SELECT account_id, secret FROM staff_second_factors WHERE secret LIKE 'v1:%'",
    );
    if (rows.length === 0) return;
    const key = SecondFactorKey.fromSettings(loadSettings(process.env));
    for (const r of rows)
      await q.query('UPDATE staff_second_factors SET secret = $2 WHERE account_id = $1', [
        r.account_id,
        key.open(r.account_id, r.secret),
      ]);
  }
}
