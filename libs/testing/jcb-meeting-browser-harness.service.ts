import type { Browser, Page } from 'playwright-core';
import type { ManualClock } from '../core/clock.service';
import { StaffAuthService } from '../staff/staff-auth.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { buildJcbWorld, type JcbWorld } from './jcb-world.factory';
import { mailboxAppHarness } from './mailbox-app-harness.service';

/*
 * The JCB's council for the meeting pages' browser specs (seed 002: the Board meets on Thu 4 Sep
 * 2025): its directory, an officer and a governance lead who sign in with a password, the app with
 * the development mailbox, listening, and Chromium.
 */

const PASSWORDS = { officer: 'officer-password-1', governanceLead: 'lead-password-1' };

export function jcbMeetingBrowserHarness(clock: ManualClock) {
  let world: JcbWorld | undefined;
  const harness = mailboxAppHarness({
    clock,
    browser: true,
    before: async (ds) => {
      world = await buildJcbWorld(ds);
      for (const [personId, role, password] of [
        [world.ids.people.officer, 'officer', PASSWORDS.officer],
        [world.ids.people.governanceLead, 'governance_lead', PASSWORDS.governanceLead],
      ] as const)
        await StaffAuthService.createAccount(new StaffAccountsRepository(), ds, {
          tenantId: world.tenantId,
          personId,
          role,
          password,
          at: clock.now(),
        });
    },
  });
  const theWorld = (): JcbWorld => {
    if (!world) throw new Error('the world is built in beforeAll');
    return world;
  };

  /** A page signed in as the officer or the governance lead, on their cases page. */
  const signIn = (key: 'officer' | 'governanceLead', password: string): Promise<Page> =>
    harness.signIn(theWorld().emailOf(key), password);

  /** A member's seat on the attendance or show-of-hands form. */
  const seat = (page: Page, name: string) => page.getByRole('group', { name, exact: false });

  /** Chromium, for pages with contexts of their own (a member's email link, the public). */
  const chromium = (): Browser => {
    const { browser } = harness.ready();
    if (!browser) throw new Error('Chromium is launched in beforeAll');
    return browser;
  };

  return { ...harness, world: theWorld, signIn, seat, chromium };
}
