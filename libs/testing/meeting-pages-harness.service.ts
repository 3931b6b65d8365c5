import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import { StaffAuthService } from '../staff/staff-auth.service';
import { StaffAccountsRepository } from '../staff/staff-accounts.repository';
import { buildJcbWorld } from './jcb-world.factory';
import { postSignIn } from './sign-in.service';
import { testAppHarness } from './test-app.service';
import type { BcfWorld } from './world.factory';

/*
 * The meeting pages through HTTP, as a browser without JavaScript posts them (test/meeting-pages
 * and meeting-room-pages): two JCB councils (seed 002: the Board meets on Thu 4 Sep 2025, quorate
 * with at least 4 members, 2 from each partner), each with an officer and a governance lead who
 * sign in with a password, and the app, on a clock from 1 Aug 2025; a meeting scheduled through
 * the pages, and one with an item on the day it sits.
 */

export const MEETING = '2025-09-04';
const PASSWORDS = { officer: 'officer-password-1', governanceLead: 'lead-password-1' };

/** Opens the spec file's database, councils and app before its tests, closes them after. */
export function meetingPagesHarness() {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const ready = testAppHarness({
    what: 'the councils and the app',
    beforeApp: async (db) => ({
      world: await buildJcbWorld(db.ds),
      other: await buildJcbWorld(db.ds),
    }),
    clock,
    afterApp: async ({ db, world, other }) => {
      for (const w of [world, other])
        for (const [personId, role, password] of [
          [w.ids.people.officer, 'officer', PASSWORDS.officer],
          [w.ids.people.governanceLead, 'governance_lead', PASSWORDS.governanceLead],
        ] as const)
          await StaffAuthService.createAccount(new StaffAccountsRepository(), db.ds, {
            tenantId: w.tenantId,
            personId,
            role,
            password,
            at: clock.now(),
          });
    },
  });
  const db = () => ready().db;
  const app = () => ready().app;
  /** The council the meetings are held in. */
  const world = () => ready().world;
  /** Another council, whose staff must not see the first's meetings. */
  const other = () => ready().other;
  const person = (key: string) => world().ids.people[key];

  /** An agent signed in as the council's officer or governance lead, and its form's CSRF token. */
  async function signedIn(w: BcfWorld, who: 'officer' | 'governanceLead') {
    const agent = request.agent(app().getHttpServer());
    const res = await postSignIn(agent, { email: w.emailOf(who), password: PASSWORDS[who] });
    expect(res.status).toBe(303);
    const page = await agent.get('/meetings').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    return { agent, csrf };
  }

  /** How many rows of a meeting's a table holds (votes, item_outcomes). */
  const count = async (table: string, meetingId: string) =>
    Number(
      (
        await db().ds.query(`SELECT count(*)::int AS n FROM ${table} WHERE meeting_id = $1`, [
          meetingId,
        ])
      )[0].n,
    );

  /** Scheduled by an officer signed in at `at` (sessions last a working day). */
  async function scheduledMeeting(at = '2025-08-01T09:00:00Z') {
    clock.set(at);
    const { agent, csrf } = await signedIn(world(), 'officer');
    const res = await agent
      .post('/meetings')
      .type('form')
      .send({
        _csrf: csrf,
        body: world().ids.bodies.jcb,
        meetingDate: MEETING,
        title: 'JCB, 4 September 2025',
      })
      .expect(303);
    const meetingId = /\/meetings\/([0-9a-f-]{36})$/.exec(res.headers.location)![1];
    return { agent, csrf, meetingId };
  }

  /**
   * A meeting scheduled and its agenda published on Wed 27 Aug 2025 with one item that is not key;
   * then the day of the meeting, with the officer signed in again: what happens in the room is
   * recorded on the day (no recorded date is after today, nor before the step it follows).
   */
  async function meetingWithItem(title: string) {
    const scheduled = await scheduledMeeting('2025-08-27T08:00:00Z');
    const { meetingId } = scheduled;
    await scheduled.agent
      .post(`/meetings/${meetingId}/publication`)
      .type('form')
      .send({ _csrf: scheduled.csrf, agendaPublishedOn: '2025-08-27' })
      .expect(303);
    await scheduled.agent
      .post(`/meetings/${meetingId}/agenda-items`)
      .type('form')
      .send({ _csrf: scheduled.csrf, title, keyDecision: 'no' })
      .expect(303);
    const [{ id: itemId }]: { id: string }[] = await db().ds.query(
      'SELECT id FROM agenda_items WHERE meeting_id = $1',
      [meetingId],
    );
    clock.set('2025-09-04T18:00:00Z');
    const { agent, csrf } = await signedIn(world(), 'officer');
    return { agent, csrf, meetingId, itemId };
  }

  /**
   * A {@link meetingWithItem} whose attendance is recorded through its page: the members keyed in
   * `present` present, cab3 sending apologies and ccg3 absent.
   */
  async function meetingAttendedBy(title: string, present: string[]) {
    const meeting = await meetingWithItem(title);
    const { agent, csrf, meetingId } = meeting;
    await agent
      .post(`/meetings/${meetingId}/attendance`)
      .type('form')
      .send({
        _csrf: csrf,
        ...Object.fromEntries(present.map((k) => [`status.${person(k)}`, 'present'])),
        [`status.${person('cab3')}`]: 'apologies',
        [`status.${person('ccg3')}`]: 'absent',
      })
      .expect(303);
    return meeting;
  }

  /** A hand for each member keyed in `hands`, through the item's show-of-hands form (no casting vote). */
  async function handsForThroughPage(
    { agent, csrf, meetingId, itemId }: Awaited<ReturnType<typeof meetingWithItem>>,
    hands: string[],
  ) {
    await agent
      .post(`/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
      .type('form')
      .send({
        _csrf: csrf,
        ...Object.fromEntries(hands.map((k) => [`hand.${person(k)}`, 'for'])),
        chairChoice: '',
      })
      .expect(303);
  }

  return {
    clock,
    db,
    app,
    world,
    other,
    person,
    signedIn,
    count,
    scheduledMeeting,
    meetingWithItem,
    meetingAttendedBy,
    handsForThroughPage,
  };
}
