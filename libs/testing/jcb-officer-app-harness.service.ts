import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import { StaffAuthService } from '../staff/staff-auth.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { buildJcbWorld } from './jcb-world.factory';
import { postSignIn } from './sign-in.service';
import { testAppHarness } from './test-app.service';

/*
 * A JCB council whose officer signs in on the pages with a password, and the app, on a clock from
 * Fri 1 Aug 2025 (test/dashboard, jcb-describe-matter-pages and jcb-referral-back-v7): one of each
 * for the spec file; the officer signed in as a browser would be.
 */

const OFFICER_PASSWORD = 'officer-password-1';

/** Opens the spec file's database, JCB council and app before its tests, closes them after. */
export function jcbOfficerAppHarness() {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const ready = testAppHarness({
    what: 'the JCB council and the app',
    beforeApp: async (db) => {
      const world = await buildJcbWorld(db.ds);
      await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
        tenantId: world.tenantId,
        personId: world.ids.people.officer,
        role: 'officer',
        password: OFFICER_PASSWORD,
        at: clock.now(),
      });
      return { world };
    },
    clock,
  });

  /** An agent signed in on the pages as the council's officer (the sign-in answered 303). */
  async function signedInOfficer(): Promise<request.Agent> {
    const { app, world } = ready();
    const officer = request.agent(app.getHttpServer());
    const email = world.emailOf('officer');
    expect((await postSignIn(officer, { email, password: OFFICER_PASSWORD })).status).toBe(303);
    return officer;
  }

  return { clock, ready, signedInOfficer };
}
