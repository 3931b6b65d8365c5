import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { authenticator } from 'otplib';
import { DataSource, EntityManager } from 'typeorm';
import { SETTINGS, type Settings } from '../config/settings.service';
import { Clock } from '../core/clock.service';
import { scopeOf, type TenantScope } from '../core/tenant-scope';
import { SecondFactorKey } from './second-factor-key.service';
import { SecondFactorRepository } from './second-factor.repository';

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
    private readonly factors: SecondFactorRepository,
  ) {
    this.key = SecondFactorKey.fromSettings(settings);
  }

  async enrolled(scope: TenantScope, accountId: string): Promise<boolean> {
    return this.factors.confirmed(scope, this.ds.manager, accountId);
  }

  /** A new seed awaiting its first code (an enrolled account keeps its seed until then). */
  async begin(
    account: { accountId: string; tenantId: string; email: string },
    replace = false,
  ): Promise<{ secret: string; qr: string }> {
    const existing = await this.factors.seedOf(
      scopeOf(account),
      this.ds.manager,
      account.accountId,
    );
    let secret =
      existing && !existing.confirmedAt && !replace
        ? this.key.open(account.accountId, existing.secret)
        : null;
    if (!secret) {
      if (existing?.confirmedAt) throw new Error('the account has a confirmed authenticator');
      secret = authenticator.generateSecret(20);
      await this.factors.putSeed(scopeOf(account), this.ds.manager, {
        accountId: account.accountId,
        sealed: this.key.seal(account.accountId, secret),
        at: this.clock.now(),
      });
    }
    const uri = authenticator.keyuri(account.email, 'Ratify', secret);
    // qrcode (with the PNG encoder it brings) loaded at the first enrolment, not at start (issue #21).
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first used
    const qrcode = require('qrcode') as typeof import('qrcode');
    return { secret, qr: await qrcode.toString(uri, { type: 'svg', margin: 1, width: 200 }) };
  }

  /** The first code from the app confirms it: the recovery codes, to be shown once, or null. */
  async confirm(
    scope: TenantScope,
    accountId: string,
    code: string,
  ): Promise<string[] | null | 'locked'> {
    return this.ds.transaction(async (m) => {
      const checked = await this.checkTotp(scope, m, accountId, code, false);
      if (checked !== 'ok') return checked === 'locked' ? 'locked' : null;
      await this.factors.confirm(scope, m, accountId, this.clock.now());
      const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
      await this.factors.replaceRecoveryCodes(
        scope,
        m,
        accountId,
        codes.map((c) => sha256(normalise(c))),
      );
      return codes;
    });
  }

  /** A code from the app, or an unused recovery code, for an enrolled account. */
  async verify(scope: TenantScope, accountId: string, code: string): Promise<SecondFactorCheck> {
    return this.ds.transaction(async (m) => {
      const totp = await this.checkTotp(scope, m, accountId, code, true);
      // A code given twice counts as a wrong one, so that replaying one is no free guess.
      if (totp === 'reused')
        return (await this.fail(scope, m, accountId)) === 'locked' ? 'locked' : 'reused';
      if (totp !== 'wrong') return totp;
      // Not a code from the app: perhaps a recovery code (checked under the same lock and count).
      if (
        await this.factors.useRecoveryCode(
          scope,
          m,
          accountId,
          sha256(normalise(code)),
          this.clock.now(),
        )
      ) {
        await this.factors.clearFailures(scope, m, accountId);
        return 'ok';
      }
      return this.fail(scope, m, accountId);
    });
  }

  /** Unused recovery codes left. */
  async recoveryCodesLeft(scope: TenantScope, accountId: string): Promise<number> {
    return this.factors.recoveryCodesLeft(scope, this.ds.manager, accountId);
  }

  private async checkTotp(
    scope: TenantScope,
    m: EntityManager,
    accountId: string,
    code: string,
    confirmed: boolean,
  ): Promise<SecondFactorCheck> {
    const f = await this.factors.lockForCheck(scope, m, accountId, confirmed);
    if (!f) return 'wrong';
    const now = this.clock.now();
    if (f.lockedUntil && f.lockedUntil > now) return 'locked';
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return confirmed ? 'wrong' : this.fail(scope, m, accountId);
    const totp = authenticator.clone({ epoch: now.getTime(), window: 1 });
    const delta = totp.checkDelta(token, this.key.open(accountId, f.secret));
    const step = delta === null ? null : Math.floor(now.getTime() / STEP_MS) + delta;
    if (step === null) return confirmed ? 'wrong' : this.fail(scope, m, accountId);
    if (f.lastStep !== null && step <= f.lastStep)
      return confirmed ? 'reused' : this.fail(scope, m, accountId);
    await this.factors.takeStep(scope, m, accountId, step);
    return 'ok';
  }

  private async fail(
    scope: TenantScope,
    m: EntityManager,
    accountId: string,
  ): Promise<SecondFactorCheck> {
    const failures = await this.factors.addFailure(scope, m, accountId);
    if (failures !== null && failures >= SECOND_FACTOR_TRIES) {
      await this.factors.lockUntil(
        scope,
        m,
        accountId,
        new Date(this.clock.now().getTime() + SECOND_FACTOR_LOCK_MINUTES * 60_000),
      );
      return 'locked';
    }
    return 'wrong';
  }
}
