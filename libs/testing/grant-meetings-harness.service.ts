import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import { HttpCases } from './http-cases.service';
import { withCabinetAndFullCouncil } from './grant-meetings.factory';
import { testAppHarness } from './test-app.service';
import { buildBcfWorld } from './world.factory';

/*
 * Grant ratification through the HTTP API with Cabinet's and Full Council's meetings
 * (test/grant-ratification-v3): one database, app and council (the demo's Cabinet and Full
 * Council, grant-meetings.factory.ts) for the spec file; the meetings given scheduled on Mon 1 June
 * 2026 and their agendas published Fri 26 June; each test starting on Mon 29 June 2026. A
 * meeting's evening (everyone present), an item linked to a case, its show of hands, and the
 * events a case recorded.
 */

export type GrantBody = 'cabinet' | 'fullCouncil';

/** Who sits on each body in the test council (grant-meetings.factory.ts). */
const MEMBERS: Record<GrantBody, string[]> = {
  cabinet: ['leader', 'cabinet', 'cabinet2', 'cabinet3'],
  fullCouncil: ['mayor', 'leader', 'chair', 'cabinet', 'cabinet2', 'cabinet3'],
};

type StoredEvent = { type: string; payload: Record<string, unknown> };

/** Opens the council, the app and the meetings (a body's, on a date) before the spec file's tests. */
export function grantMeetingsHarness(meetingsToHold: { body: GrantBody; date: string }[]) {
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  const meetings: Record<string, { id: string; body: GrantBody; attended: boolean }> = {};
  const ready = testAppHarness({
    what: 'the council, the app and Cabinet’s and Full Council’s meetings',
    beforeApp: async (db) => ({
      world: await buildBcfWorld(db.ds, { tweak: withCabinetAndFullCouncil }),
    }),
    clock,
    afterApp: async ({ app, world }) => {
      for (const { body, date } of meetingsToHold) {
        clock.set('2026-06-01T09:00:00Z');
        const scheduled = await request(app.getHttpServer())
          .post('/api/meetings')
          .set({ Authorization: `Bearer ${world.keys.officer}` })
          .send({ body: world.ids.bodies[body], meetingDate: date, title: `${body}, ${date}` })
          .expect(201);
        const id = (scheduled.body as { id: string }).id;
        meetings[`${body} ${date}`] = { id, body, attended: false };
        clock.set('2026-06-26T09:00:00Z');
        await request(app.getHttpServer())
          .post(`/api/meetings/${id}/publication`)
          .set({ Authorization: `Bearer ${world.keys.officer}` })
          .send({ agendaPublishedOn: '2026-06-26' })
          .expect(200);
      }
    },
  });
  beforeEach(() => clock.set('2026-06-29T09:00:00Z'));

  const world = () => ready().world;
  const api = () => request(ready().app.getHttpServer());
  const auth = () => ({ Authorization: `Bearer ${world().keys.officer}` });
  const cases = new HttpCases(
    () => ready().app,
    (who) => world().keys[who],
  );
  const meeting = (body: GrantBody, date: string) => {
    const m = meetings[`${body} ${date}`];
    if (!m) throw new Error(`no meeting of ${body} on ${date} in the harness`);
    return m;
  };

  /** The meeting's evening: every member present (once), an item linked to the case. */
  async function itemAt(body: GrantBody, date: string, title: string, caseId: string) {
    clock.set(`${date}T18:00:00Z`);
    const m = meeting(body, date);
    if (!m.attended) {
      await api()
        .put(`/api/meetings/${m.id}/attendance`)
        .set(auth())
        .send(MEMBERS[body].map((k) => ({ personId: world().ids.people[k], status: 'present' })))
        .expect(200);
      m.attended = true;
    }
    const added = await api()
      .post(`/api/meetings/${m.id}/agenda-items`)
      .set(auth())
      .send({ title, caseId, keyDecision: false })
      .expect(201);
    const agenda = (added.body as { agenda: { id: string }[] }).agenda;
    return agenda[agenda.length - 1].id;
  }

  /** The show of hands on an item: each member's hand in the order of MEMBERS, `for` by default. */
  /** The hands in MEMBERS' order; on a tie, the casting vote of the member presiding (by index). */
  const showOfHands = (
    body: GrantBody,
    date: string,
    itemId: string,
    shown: string[] = [],
    casting?: { presiding: number; hand: 'for' | 'against' },
  ) =>
    api()
      .post(`/api/meetings/${meeting(body, date).id}/agenda-items/${itemId}/show-of-hands`)
      .set(auth())
      .send({
        hands: MEMBERS[body].map((k, i) => ({
          personId: world().ids.people[k],
          hand: shown[i] ?? 'for',
        })),
        ...(casting
          ? {
              castingVote: {
                presidingPersonId: world().ids.people[MEMBERS[body][casting.presiding]],
                hand: casting.hand,
              },
            }
          : {}),
      });

  const eventsOf = (caseId: string, type: string): Promise<StoredEvent[]> =>
    ready().db.ds.query(
      'SELECT type, payload FROM case_events WHERE case_id = $1 AND type = $2 ORDER BY seq',
      [caseId, type],
    );

  /** What the meeting recorded for an item: its outcome, casting vote and explanation. */
  const outcomeOf = async (itemId: string) => {
    const [row] = (await ready().db.ds.query(
      'SELECT outcome, casting_vote, explanation FROM item_outcomes WHERE item_id = $1',
      [itemId],
    )) as {
      outcome: string;
      casting_vote: { hand: string; name: string };
      explanation: string[];
    }[];
    return row;
  };

  const app = () => ready().app;
  const db = () => ready().db;
  return { clock, world, app, db, api, auth, cases, itemAt, showOfHands, eventsOf, outcomeOf };
}
