import argon2 from 'argon2';
import { ManualClock } from '../core/clock.service';
import { loadSettings } from '../config/settings.service';
import { DomainError } from '../errors/domain.errors';
import { openTestDatabase, type TestDatabase } from '../testing/test-database.service';
import { buildBcfWorld } from '../testing/world.factory';
import { PasswordHashing } from './password-hashing.service';
import { SignInAccountsRepository } from './sign-in-accounts.repository';
import { StaffAccountsRepository } from './staff-accounts.repository';
import { StaffAuthService } from './staff-auth.service';
import { StaffSessionsRepository } from './staff-sessions.repository';

/*
 * A hash made with argon2's old parameters is made again at the next correct sign-in (ADR 0043).
 * Making it takes a moment (and a turn among the password checks): a password changed in that
 * moment, by a reset link, is the one kept; a moment with no turn free leaves the old hash and
 * still signs the person in. StaffAuthService wired by hand, on a real database.
 */
const OLD_PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a new password after the reset';

describe('an old password hash made again at sign-in', () => {
  let db: TestDatabase;
  const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));
  const settings = loadSettings({ SEED_DEMO: 'false' });
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  /** An officer whose account's hash has argon2's old parameters (64 MiB, 3 passes, 4 lanes). */
  async function officerWithOldHash() {
    const world = await buildBcfWorld(db.ds);
    const personId = world.ids.people.officer;
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId,
      role: 'officer',
      password: OLD_PASSWORD,
      at: clock.now(),
    });
    const old = await argon2.hash(OLD_PASSWORD, { type: argon2.argon2id });
    await db.superuser('UPDATE staff_accounts SET password_hash = $2 WHERE person_id = $1', [
      personId,
      old,
    ]);
    const stored = async () =>
      (
        await db.superuser<{ password_hash: string }>(
          'SELECT password_hash FROM staff_accounts WHERE person_id = $1',
          [personId],
        )
      )[0].password_hash;
    return { email: world.emailOf('officer'), personId, stored };
  }

  const auth = (passwords: PasswordHashing) =>
    new StaffAuthService(
      db.ds,
      clock,
      settings,
      new StaffSessionsRepository(),
      new SignInAccountsRepository(),
      passwords,
      new StaffAccountsRepository(),
    );

  it('keeps a password reset while the old one’s hash was being made again', async () => {
    const officer = await officerWithOldHash();
    const reset = await argon2.hash(NEW_PASSWORD);
    /** The reset link is used while the signing-in password is being hashed again. */
    class ResetMeanwhile extends PasswordHashing {
      override async hash(password: string): Promise<string> {
        const made = await super.hash(password);
        await db.superuser('UPDATE staff_accounts SET password_hash = $2 WHERE person_id = $1', [
          officer.personId,
          reset,
        ]);
        return made;
      }
    }
    const passwords = new ResetMeanwhile(settings);
    expect(typeof (await auth(passwords).signIn(officer.email, OLD_PASSWORD))).toBe('string');
    expect(await officer.stored()).toBe(reset);
    await expect(argon2.verify(await officer.stored(), OLD_PASSWORD)).resolves.toBe(false);
  });

  it('signs in a correct password when no turn is free to make its hash again, keeping the old hash', async () => {
    const officer = await officerWithOldHash();
    const old = await officer.stored();
    /** Every turn is taken by then: making the new hash is refused as busy. */
    class BusyWhenHashing extends PasswordHashing {
      override hash(): Promise<string> {
        return Promise.reject(
          new DomainError('SIGN_IN_BUSY', 'Many people are signing in', 'try again', {}),
        );
      }
    }
    const token = await auth(new BusyWhenHashing(settings)).signIn(officer.email, OLD_PASSWORD);
    expect(typeof token).toBe('string');
    expect(await officer.stored()).toBe(old);
  });

  it('makes the old hash again when nothing changed it meanwhile', async () => {
    const officer = await officerWithOldHash();
    const passwords = new PasswordHashing(settings);
    expect(typeof (await auth(passwords).signIn(officer.email, OLD_PASSWORD))).toBe('string');
    const now = await officer.stored();
    expect(passwords.needsRehash(now)).toBe(false);
    await expect(argon2.verify(now, OLD_PASSWORD)).resolves.toBe(true);
  });
});
