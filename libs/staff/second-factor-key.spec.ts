import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecondFactorKey, SecondFactorKeyMismatch } from './second-factor-key.service';

const SEED = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const ACCOUNT = '0b7f2a52-2f52-4d6f-9d3c-6f4f0c1b2a11';

describe('authenticator seeds sealed with AES-256-GCM', () => {
  it('opens what it sealed, and never seals the same seed to the same text twice', () => {
    const key = SecondFactorKey.ephemeral();
    const a = key.seal(ACCOUNT, SEED);
    const b = key.seal(ACCOUNT, SEED);
    expect(a).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(a).not.toContain(SEED);
    expect(a).not.toBe(b);
    expect(key.open(ACCOUNT, a)).toBe(SEED);
    expect(key.open(ACCOUNT, b)).toBe(SEED);
  });

  it('refuses a seed sealed under another key, moved to another account, altered or never sealed', () => {
    const key = SecondFactorKey.ephemeral();
    const sealed = key.seal(ACCOUNT, SEED);
    expect(() => SecondFactorKey.ephemeral().open(ACCOUNT, sealed)).toThrow(
      SecondFactorKeyMismatch,
    );
    expect(() => key.open('5d0c1f7e-6a1b-4c61-8f7e-0e9f1c2d3b44', sealed)).toThrow(
      SecondFactorKeyMismatch,
    );
    const parts = sealed.split(':');
    const body = Buffer.from(parts[2], 'base64url');
    body[0] ^= 1;
    parts[2] = body.toString('base64url');
    expect(() => key.open(ACCOUNT, parts.join(':'))).toThrow(SecondFactorKeyMismatch);
    expect(() => key.open(ACCOUNT, SEED)).toThrow(SecondFactorKeyMismatch);
  });

  it('takes SECOND_FACTOR_KEY when set, else makes one key in DATA_DIR and keeps it', () => {
    const hex = 'ab'.repeat(32);
    const sealed = new SecondFactorKey(Buffer.from(hex, 'hex')).seal(ACCOUNT, SEED);
    expect(
      SecondFactorKey.fromSettings({ SECOND_FACTOR_KEY: hex, DATA_DIR: '/nonexistent' }).open(
        ACCOUNT,
        sealed,
      ),
    ).toBe(SEED);
    const dir = mkdtempSync(join(tmpdir(), 'ratify-2fa-key-'));
    try {
      const first = SecondFactorKey.fromSettings({ DATA_DIR: dir });
      const kept = readFileSync(join(dir, 'second-factor-key'), 'utf8');
      expect(kept).toMatch(/^[0-9a-f]{64}$/);
      expect(statSync(join(dir, 'second-factor-key')).mode & 0o077).toBe(0);
      const again = SecondFactorKey.fromSettings({ DATA_DIR: dir });
      expect(again.open(ACCOUNT, first.seal(ACCOUNT, SEED))).toBe(SEED);
      expect(readFileSync(join(dir, 'second-factor-key'), 'utf8')).toBe(kept);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
