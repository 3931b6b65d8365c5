import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import { HttpCases } from './http-cases.service';
import { testAppHarness } from './test-app.service';
import { buildBcfWorld, withIntegratedCareBoard } from './world.factory';

/*
 * The BCF full board sign-off through the HTTP API with the Health and Wellbeing Board's
 * meetings (test/bcf-board-sign-off-v2, -v3 and -v4): one database, app and BCF council (with an
 * Integrated Care Board) for the spec file; the HWBB's meetings on the dates given scheduled on
 * Mon 1 June 2026 and their agendas published Fri 26 June; each test starting on Mon 29 June
 * 2026. A meeting's evening, its show of hands, and the events and emails a case recorded.
 */

export type BcfBoardWho = 'officer' | 'ceo' | 'ao' | 'chair';

/** The HWBB's members who attend and vote. */
const MEMBERS = ['chair', 'gp', 'healthwatch', 'cabinet'];

type StoredEvent = { type: string; payload: Record<string, unknown> };

/** Opens the council, the app and the HWBB's meetings on `meetingDates` before the spec file's tests. */
export function bcfBoardMeetingsHarness(meetingDates: string[]) {
  const clock = new ManualClock(new Date('2026-06-01T09:00:00Z'));
  /** The meeting's id by its date. */
  const meetings: Record<string, string> = {};
  const ready = testAppHarness({
    what: 'the council, the app and the HWBB’s meetings',
    beforeApp: async (db) => ({
      world: await buildBcfWorld(db.ds, { tweak: withIntegratedCareBoard }),
    }),
    clock,
    afterApp: async ({ app, world }) => {
      for (const meetingDate of meetingDates) {
        clock.set('2026-06-01T09:00:00Z');
        const scheduled = await request(app.getHttpServer())
          .post('/api/meetings')
          .set({ Authorization: `Bearer ${world.keys.officer}` })
          .send({
            body: world.ids.bodies.hwbb,
            meetingDate,
            title: `Health and Wellbeing Board, ${meetingDate}`,
          })
          .expect(201);
        meetings[meetingDate] = (scheduled.body as { id: string }).id;
        clock.set('2026-06-26T09:00:00Z');
        await request(app.getHttpServer())
          .post(`/api/meetings/${meetings[meetingDate]}/publication`)
          .set({ Authorization: `Bearer ${world.keys.officer}` })
          .send({ agendaPublishedOn: '2026-06-26' })
          .expect(200);
      }
    },
  });
  beforeEach(() => clock.set('2026-06-29T09:00:00Z'));

  const world = () => ready().world;
  const api = () => request(ready().app.getHttpServer());
  const auth = (who: BcfBoardWho) => ({ Authorization: `Bearer ${world().keys[who]}` });
  const cases = new HttpCases(
    () => ready().app,
    (who) => world().keys[who as BcfBoardWho],
  );

  /** The meeting of `meetingDate`, its evening: every member present, an item linked to the case. */
  async function itemAt(meetingDate: string, title: string, caseId: string): Promise<string> {
    clock.set(`${meetingDate}T18:00:00Z`);
    const meetingId = meetings[meetingDate];
    await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(auth('officer'))
      .send(MEMBERS.map((k) => ({ personId: world().ids.people[k], status: 'present' })))
      .expect(200);
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(auth('officer'))
      .send({ title, caseId, keyDecision: false })
      .expect(201);
    const agenda = (added.body as { agenda: { id: string }[] }).agenda;
    return agenda[agenda.length - 1].id;
  }

  const showOfHands = (meetingDate: string, itemId: string, body: object) =>
    api()
      .post(`/api/meetings/${meetings[meetingDate]}/agenda-items/${itemId}/show-of-hands`)
      .set(auth('officer'))
      .send(body);

  /** Every member's hand: for, unless `hand` says otherwise. */
  const hands = (hand: (k: string) => string = () => 'for') =>
    MEMBERS.map((k) => ({ personId: world().ids.people[k], hand: hand(k) }));

  const eventsOf = (caseId: string, type: string): Promise<StoredEvent[]> =>
    ready().db.ds.query(
      'SELECT type, payload FROM case_events WHERE case_id = $1 AND type = $2 ORDER BY seq',
      [caseId, type],
    );

  /** The ids of the people the case emailed `message`, sorted. */
  const emailsOf = async (caseId: string, message: string): Promise<string[]> =>
    (
      (await ready().db.ds.query(
        `SELECT payload->'to'->>'id' AS to FROM effects
          WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2 ORDER BY 1`,
        [caseId, message],
      )) as { to: string }[]
    ).map((r) => r.to);

  /** How many hands and outcomes the meeting recorded on the agenda item. */
  const recordedOn = async (itemId: string): Promise<{ votes: number; outcomes: number }> => {
    const [row] = (await ready().db.ds.query(
      `SELECT (SELECT count(*) FROM votes WHERE item_id = $1)::int AS votes,
              (SELECT count(*) FROM item_outcomes WHERE item_id = $1)::int AS outcomes`,
      [itemId],
    )) as { votes: number; outcomes: number }[];
    return row;
  };

  return {
    clock,
    world,
    api,
    auth,
    cases,
    itemAt,
    showOfHands,
    hands,
    eventsOf,
    emailsOf,
    recordedOn,
  };
}
