import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import type { CaseView } from '../engine/case-view.service';
import { HttpCases } from './http-cases.service';
import { buildJcbWorld, type JcbWorld } from './jcb-world.factory';
import { testAppHarness } from './test-app.service';

/*
 * A JCB meeting whose recorded outcomes go to the linked cases (test/meeting-case-bridge*; seed
 * 002, JCB ToR 8.1-8.3): the Board meeting of Thu 4 Sep 2025 scheduled weeks before, its agenda
 * published Fri 22 Aug 2025 (Mon 25 Aug is a bank holiday), and on its evening every member present
 * but Dr Eve Long, whose deputy sits for her. Items linked to cases added through the API, and
 * their show of hands sent, as the officer.
 */

export const MEETING = '2025-09-04';
export const LATER_MEETING = '2025-10-02';
/** Those present who vote on every item, besides Dr Ann Shah (ccg3). */
export const VOTERS = ['cab1', 'cab2', 'cab3', 'ccg1', 'sub'];

export type MeetingView = {
  agenda: {
    id: string;
    caseId: string | null;
    outcome: { outcome: string } | null;
    votes: { personId: string; hand: string }[];
  }[];
};

/** Opens the spec file's database, JCB world, app and meeting before its tests, closes them after. */
export function meetingCaseBridgeHarness() {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const ready = testAppHarness({
    what: 'the world, the app and the meeting',
    beforeApp: async (db) => ({ world: await buildJcbWorld(db.ds), meetingId: '' }),
    clock,
    afterApp: scheduleMeeting,
  });
  const db = () => ready().db;
  const world = () => ready().world;
  const app = () => ready().app;
  /** The meeting of 4 September 2025. */
  const meetingId = () => ready().meetingId;
  const api = () => request(app().getHttpServer());
  const officer = () => ({ Authorization: `Bearer ${world().keys.officer}` });
  const keyOf = (who: string) =>
    who === 'officer' ? world().keys.officer : (world().jcbKeys as Record<string, string>)[who];
  const cases = new HttpCases(app, keyOf);
  /** How many rows a table holds. */
  const count = async (table: string) =>
    Number((await db().ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  /** The meeting of 4 September 2025, scheduled weeks before; on its evening, who is there. */
  async function scheduleMeeting(t: { world: JcbWorld; meetingId: string }) {
    const { world } = t;
    const scheduled = await api()
      .post('/api/meetings')
      .set(officer())
      .send({ body: world.ids.bodies.jcb, meetingDate: MEETING, title: 'JCB, 4 September 2025' })
      .expect(201);
    t.meetingId = scheduled.body.id;
    // The meeting's evening, scheduled weeks before: its agenda published, the Board met.
    clock.set(`${MEETING}T18:00:00Z`);
    await api()
      .post(`/api/meetings/${t.meetingId}/publication`)
      .set(officer())
      .send({ agendaPublishedOn: '2025-08-22' })
      .expect(200);
    // Every member present but Dr Eve Long, whose deputy sits for her.
    await api()
      .put(`/api/meetings/${t.meetingId}/attendance`)
      .set(officer())
      .send([
        ...['cab1', 'cab2', 'cab3', 'ccg1', 'ccg3'].map((k) => ({
          personId: world.id(k),
          status: 'present',
        })),
        { personId: world.id('ccg2'), status: 'apologies' },
        { personId: world.id('sub'), status: 'present', substituteFor: world.id('ccg2') },
      ])
      .expect(200);
  }
  beforeEach(() => clock.set(`${MEETING}T18:00:00Z`));

  // Version 5, whose notices take the item's typed forward plan day (version 6 takes the published
  // plan's: test/meeting-forward-plan-day.e2e-spec.ts).
  async function openJcbCase(
    title: string,
    meetingDate = MEETING,
    templateVersion = 5,
  ): Promise<CaseView> {
    return cases.open({
      template: 'jcb-delegated-decision',
      templateVersion,
      title,
      dates: { meetingDate },
      roles: world().jcbRoles,
    });
  }

  /** A key decision on the meeting's agenda, linked to a case: the item's id. */
  async function addItem(title: string, caseId?: string): Promise<string> {
    const res = await api()
      .post(`/api/meetings/${meetingId()}/agenda-items`)
      .set(officer())
      .send({ title, caseId, keyDecision: true, forwardPlanPublishedOn: '2025-07-01' })
      .expect(201);
    const agenda = (res.body as MeetingView).agenda;
    return agenda[agenda.length - 1].id;
  }

  const showOfHands = (itemId: string, body: object) =>
    api()
      .post(`/api/meetings/${meetingId()}/agenda-items/${itemId}/show-of-hands`)
      .set(officer())
      .send(body);

  const itemOf = async (itemId: string) => {
    const res = await api().get(`/api/meetings/${meetingId()}`).set(officer()).expect(200);
    return (res.body as MeetingView).agenda.find((i) => i.id === itemId)!;
  };

  /** Hands for these members, 'for' but where `except` says otherwise. */
  const handsOf = (keys: string[], except: Record<string, string> = {}) =>
    keys.map((k) => ({ personId: world().id(k), hand: except[k] ?? 'for' }));

  return {
    clock,
    db,
    world,
    app,
    meetingId,
    api,
    officer,
    cases,
    count,
    openJcbCase,
    addItem,
    showOfHands,
    itemOf,
    handsOf,
  };
}
