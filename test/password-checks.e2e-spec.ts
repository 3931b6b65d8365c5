import argon2 from 'argon2';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { StaffAccountsRepository } from '../libs/staff/staff-accounts.repository';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { postSignIn } from '../libs/testing/sign-in.service';
import { testAppHarness } from '../libs/testing/test-app.service';
import { buildBcfWorld } from '../libs/testing/world.factory';

/*
 * Passwords are argon2id hashes whose check holds the hash's whole memory cost while it runs
 * (issue #21, ADR 0043): the app hashes with 19 MiB, checks PASSWORD_CHECKS_AT_ONCE at a time and
 * asks the others to try again when their turn does not come within half of REQUEST_TIMEOUT_MS;
 * a hash made with older parameters still opens the account and is made again.
 */
const PASSWORD = 'correct horse battery staple';
const clock = new ManualClock(new Date('2026-12-03T10:00:00Z'));

describe('passwords checked a few at a time', () => {
  const ready = testAppHarness({
    what: 'the database and the app',
    clock,
    env: { PASSWORD_CHECKS_AT_ONCE: '1', REQUEST_TIMEOUT_MS: '2000' },
  });
  let address = 0;

  /** A staff account for one of a new world's people, with the hash given (or today's). */
  async function account(personKey: string, hash?: string) {
    const { db } = ready();
    const world = await buildBcfWorld(db.ds);
    await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people[personKey],
      role: 'officer',
      password: PASSWORD,
      at: clock.now(),
    });
    if (hash)
      await db.ds.query('UPDATE staff_accounts SET password_hash = $2 WHERE person_id = $1', [
        world.ids.people[personKey],
        hash,
      ]);
    const stored = async () =>
      (
        (await db.ds.query('SELECT password_hash FROM staff_accounts WHERE person_id = $1', [
          world.ids.people[personKey],
        ])) as { password_hash: string }[]
      )[0].password_hash;
    return { email: world.emailOf(personKey), stored };
  }

  /** Each sign-in from an address of its own: the sign-in rate limit counts per address. */
  const signIn = (email: string, password = PASSWORD) =>
    postSignIn(
      request.agent(ready().app.getHttpServer()),
      { email, password, next: '/cases' },
      { 'X-Forwarded-For': `198.51.${Math.floor(++address / 250)}.${(address % 250) + 1}` },
    );

  it('opens an account whose hash has argon2’s old parameters, and hashes it again with today’s', async () => {
    const old = await argon2.hash(PASSWORD, { type: argon2.argon2id }); // 64 MiB, 3 passes, 4 lanes
    const a = await account('officer', old);
    expect((await signIn(a.email)).status).toBe(303);
    const now = await a.stored();
    expect(now).not.toBe(old);
    expect(now).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    // The new hash opens the account, and a wrong password still does not.
    expect((await signIn(a.email)).status).toBe(303);
    expect((await signIn(a.email, 'not the password')).status).toBe(422);
  });

  it('asks a sign-in to try again, keeping the email typed, when its check waits past half the request timeout', async () => {
    // A hash whose check takes seconds holds the one turn; meanwhile another sign-in waits for it.
    const slowHash = await argon2.hash(PASSWORD, {
      type: argon2.argon2id,
      memoryCost: 1024,
      timeCost: 4000,
      parallelism: 1,
    });
    const slow = await account('officer', slowHash);
    const quick = await account('officer');
    const slowSignIn = signIn(slow.email);
    let finished = false;
    void slowSignIn.then(() => (finished = true));
    let refused: request.Response | undefined;
    // Until the slow check holds the turn, a quick sign-in goes through: try until one is refused.
    while (!refused && !finished) {
      const res = await signIn(quick.email);
      if (res.status === 503) refused = res;
      else expect(res.status).toBe(303);
    }
    expect(refused).toBeDefined();
    expect(refused!.headers['retry-after']).toBe('1');
    expect(refused!.text).toContain('govuk-error-summary');
    expect(refused!.text).toContain(
      'Many people are signing in at this moment and yours could not be checked in time: try again after a second.',
    );
    expect(refused!.text).toContain(`value="${quick.email}"`);
    // The slow one had its turn, and once it ends the quick one goes through again.
    expect((await slowSignIn).status).toBe(303);
    expect((await signIn(quick.email)).status).toBe(303);
  });
});
