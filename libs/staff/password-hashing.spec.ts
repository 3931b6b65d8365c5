import type { WorkGate } from '../core/work-gate';
import { DomainError } from '../errors/domain.errors';
import { PasswordHashing } from './password-hashing.service';

/*
 * Passwords are hashed and checked a few at a time (ADR 0043); one whose turn does not come in
 * time is refused with SIGN_IN_BUSY, in the words of what waited: a sign-in's check, or a new
 * password (set from its link, or given by an administrator) to be saved, which is no sign-in.
 */
describe('PasswordHashing when no turn comes in time', () => {
  /** One turn at a time, waited for 5 ms, and that turn held until `release` is called. */
  function busy() {
    const passwords = new PasswordHashing({ PASSWORD_CHECKS_AT_ONCE: 1, REQUEST_TIMEOUT_MS: 10 });
    let release!: () => void;
    const gate = (passwords as unknown as { gate: WorkGate }).gate;
    const holding = gate.run(() => new Promise<void>((r) => (release = r)), 60_000);
    return { passwords, release: () => (release(), holding) };
  }

  it('asks a sign-in to try again, its password not checked', async () => {
    const { passwords, release } = busy();
    const refused = passwords.verify('$argon2id$v=19$m=19456,t=2,p=1$x$y', 'a password');
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({
      code: 'SIGN_IN_BUSY',
      detail:
        'Many people are signing in at this moment and yours could not be checked in time: try again after a second.',
    });
    await release();
  });

  it('says a new password was not saved, rather than that a sign-in was not checked', async () => {
    const { passwords, release } = busy();
    const refused = passwords.hash('a new password of length');
    await expect(refused).rejects.toMatchObject({
      code: 'SIGN_IN_BUSY',
      title: 'Many passwords are being checked',
      detail:
        'Many passwords are being checked at this moment and this one could not be saved in time: nothing was saved. Try again after a second.',
    });
    await release();
  });
});
