import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const PREFIX = 'v1:';

/** A sealed seed did not open: the key is not the one it was sealed with, or the value was altered. */
export class SecondFactorKeyMismatch extends Error {
  constructor() {
    super(
      'an authenticator seed does not open with this SECOND_FACTOR_KEY: restore the key it was encrypted with',
    );
  }
}

/**
 * Authenticator-app seeds encrypted at rest (AES-256-GCM): whoever reads the database, or a backup
 * of it, cannot make an account's codes without this key, which lives outside it
 * (SECOND_FACTOR_KEY, else a file under DATA_DIR). A sealed value is `v1:<iv>:<ciphertext>:<tag>`
 * (base64url), with the account id as additional data, so a seed copied to another account's row
 * does not open.
 */
export class SecondFactorKey {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the second-factor key must be 32 bytes');
  }

  /** For tests. */
  static ephemeral(): SecondFactorKey {
    return new SecondFactorKey(randomBytes(32));
  }

  /** SECOND_FACTOR_KEY when set; otherwise a random key made once in DATA_DIR/second-factor-key. */
  static fromSettings(s: { SECOND_FACTOR_KEY?: string; DATA_DIR: string }): SecondFactorKey {
    if (s.SECOND_FACTOR_KEY) return new SecondFactorKey(Buffer.from(s.SECOND_FACTOR_KEY, 'hex'));
    const file = `${s.DATA_DIR}/second-factor-key`;
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      // Written whole to a file of its own, then linked into place: two processes starting
      // together keep the first one's key (never one each, never a half-written one).
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(tmp, randomBytes(32).toString('hex'), { mode: 0o600 });
      try {
        linkSync(tmp, file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      } finally {
        unlinkSync(tmp);
      }
    }
    return new SecondFactorKey(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex'));
  }

  /**
   * A key of its own for another secret of sign-in (HKDF-SHA256 with `purpose` as its info), so
   * that it too lives outside the database without a second setting to provision.
   */
  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.key, Buffer.alloc(0), `ratify ${purpose}`, 32));
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(accountId: string, seed: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(accountId));
    const body = Buffer.concat([cipher.update(seed, 'utf8'), cipher.final()]);
    return `${PREFIX}${[iv, body, cipher.getAuthTag()].map((b) => b.toString('base64url')).join(':')}`;
  }

  open(accountId: string, sealed: string): string {
    const parts = SecondFactorKey.isSealed(sealed) ? sealed.slice(PREFIX.length).split(':') : [];
    if (parts.length !== 3) throw new SecondFactorKeyMismatch();
    const [iv, body, tag] = parts.map((p) => Buffer.from(p, 'base64url'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAAD(Buffer.from(accountId));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new SecondFactorKeyMismatch();
    }
  }
}
