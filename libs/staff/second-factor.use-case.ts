import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { toString as qrSvg } from 'qrcode';
import { DataSource, EntityManager } from 'typeorm';
import { SETTINGS, type Settings } from '../config/settings.service';
import { Clock } from '../core/clock.service';
import { SecondFactorKey } from './second-factor-key.service';

/** Tries before the account's codes stop being taken for a while: guessing 6 digits needs a million. */
export const SECOND_FACTOR_TRIES = 5;
export const SECOND_FACTOR_LOCK_MINUTES = 15;
const RECOVERY_CODES = 10;
const STEP_MS = 30_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** "k7q2-9xmd-4hwp": lower case, no look-alikes, typed with or without the hyphens. */
const recoveryCode = () => {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
};
const normalise = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/** 'reused': a right code whose 30 seconds were already used to sign in (said, so the person waits for the next). */
export type SecondFactorCheck = 'ok' | 'wrong' | 'reused' | 'locked';

/**
 * Two-factor sign-in for local passwords: an authenticator app (TOTP, RFC 6238, by otplib) and ten
 * recovery codes shown once and kept as SHA-256. A code's time step is recorded, so no code is
 * taken twice; five wrong codes in a row stop the account's codes being taken for 15 minutes.
 * The seed is kept encrypted (AES-256-GCM, second-factor-key.service.ts) with a key outside the database.
 */
@Injectable()
export class SecondFactorUseCase {
  private readonly key: SecondFactorKey;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(SETTINGS) settings: Settings,
  ) {
    this.key = SecondFactorKey.fromSettings(settings);
  }

  async enrolled(accountId: string): Promise<boolean> {
    const [row]: unknown[] = await this.ds.query(
      'SELECT 1 FROM staff_second_factors WHERE account_id = $1 AND confirmed_at IS NOT NULL',
      [accountId],
    );
    return Boolean(row);
  }

  /** A new seed awaiting its first code (an enrolled account keeps its seed until then). */
  async begin(
    account: { accountId: string; tenantId: string; email: string },
    replace = false,
  ): Promise<{ secret: string; qr: string }> {
    const [existing]: { secret: string; confirmed_at: Date | null }[] = await this.ds.query(
      'SELECT secret, confirmed_at FROM staff_second_factors WHERE account_id = $1',
      [account.accountId],
    );
    let secret =
      existing && !existing.confirmed_at && !replace
        ? this.key.open(account.accountId, existing.secret)
        : null;
    if (!secret) {
      if (existing?.confirmed_at) throw new Error('the account has a confirmed authenticator');
      secret = authenticator.generateSecret(20);
      await this.ds.query(
        `INSERT INTO staff_second_factors (account_id, tenant_id, secret, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (account_id) DO UPDATE SET secret = $3, created_at = $4, failures = 0, locked_until = NULL`,
        [
          account.accountId,
          account.tenantId,
          this.key.seal(account.accountId, secret),
          this.clock.now(),
        ],
      );
    }
    const uri = authenticator.keyuri(account.email, 'Ratify', secret);
    return { secret, qr: await qrSvg(uri, { type: 'svg', margin: 1, width: 200 }) };
  }

  /** The first code from the app confirms it: the recovery codes, to be shown once, or null. */
  async confirm(accountId: string, code: string): Promise<string[] | null | 'locked'> {
    return this.ds.transaction(async (m) => {
      const checked = await this.checkTotp(m, accountId, code, false);
      if (checked !== 'ok') return checked === 'locked' ? 'locked' : null;
      await m.query('UPDATE staff_second_factors SET confirmed_at = $2 WHERE account_id = $1', [
        accountId,
        this.clock.now(),
      ]);
      const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
      await m.query('DELETE FROM staff_recovery_codes WHERE account_id = $1', [accountId]);
      for (const c of codes)
        await m.query(
          `INSERT INTO staff_recovery_codes (tenant_id, account_id, code_hash)
           SELECT tenant_id, account_id, $2 FROM staff_second_factors WHERE account_id = $1`,
          [accountId, sha256(normalise(c))],
        );
      return codes;
    });
  }

  /** A code from the app, or an unused recovery code, for an enrolled account. */
  async verify(accountId: string, code: string): Promise<SecondFactorCheck> {
    return this.ds.transaction(async (m) => {
      const totp = await this.checkTotp(m, accountId, code, true);
      // A code given twice counts as a wrong one, so that replaying one is no free guess.
      if (totp === 'reused')
        return (await this.fail(m, accountId)) === 'locked' ? 'locked' : 'reused';
      if (totp !== 'wrong') return totp;
      // Not a code from the app: perhaps a recovery code (checked under the same lock and count).
      // UPDATE … RETURNING answers [rows, count].
      const [used]: [unknown[], number] = await m.query(
        `UPDATE staff_recovery_codes SET used_at = $3
          WHERE account_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
        [accountId, sha256(normalise(code)), this.clock.now()],
      );
      if (used.length > 0) {
        await m.query(
          'UPDATE staff_second_factors SET failures = 0, locked_until = NULL WHERE account_id = $1',
          [accountId],
        );
        return 'ok';
      }
      return this.fail(m, accountId);
    });
  }

  /** Unused recovery codes left. */
  async recoveryCodesLeft(accountId: string): Promise<number> {
    const [row]: { n: string }[] = await this.ds.query(
      'SELECT count(*) AS n FROM staff_recovery_codes WHERE account_id = $1 AND used_at IS NULL',
      [accountId],
    );
    return Number(row.n);
  }

  private async checkTotp(
    m: EntityManager,
    accountId: string,
    code: string,
    confirmed: boolean,
  ): Promise<SecondFactorCheck> {
    const [f]: { secret: string; last_step: string | null; locked_until: Date | null }[] =
      await m.query(
        `SELECT secret, last_step, locked_until FROM staff_second_factors
          WHERE account_id = $1 AND (confirmed_at IS NOT NULL) = $2 FOR UPDATE`,
        [accountId, confirmed],
      );
    if (!f) return 'wrong';
    const now = this.clock.now();
    if (f.locked_until && f.locked_until > now) return 'locked';
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return confirmed ? 'wrong' : this.fail(m, accountId);
    const totp = authenticator.clone({ epoch: now.getTime(), window: 1 });
    const delta = totp.checkDelta(token, this.key.open(accountId, f.secret));
    const step = delta === null ? null : Math.floor(now.getTime() / STEP_MS) + delta;
    if (step === null) return confirmed ? 'wrong' : this.fail(m, accountId);
    if (f.last_step !== null && step <= Number(f.last_step))
      return confirmed ? 'reused' : this.fail(m, accountId);
    await m.query(
      'UPDATE staff_second_factors SET last_step = $2, failures = 0, locked_until = NULL WHERE account_id = $1',
      [accountId, step],
    );
    return 'ok';
  }

  private async fail(m: EntityManager, accountId: string): Promise<SecondFactorCheck> {
    const [[row]]: [{ failures: number }[], number] = await m.query(
      `UPDATE staff_second_factors SET failures = failures + 1 WHERE account_id = $1 RETURNING failures`,
      [accountId],
    );
    if (row && row.failures >= SECOND_FACTOR_TRIES) {
      await m.query(
        'UPDATE staff_second_factors SET failures = 0, locked_until = $2 WHERE account_id = $1',
        [accountId, new Date(this.clock.now().getTime() + SECOND_FACTOR_LOCK_MINUTES * 60_000)],
      );
      return 'locked';
    }
    return 'wrong';
  }
}
