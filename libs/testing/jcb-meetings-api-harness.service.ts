import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../core/clock.service';
import { testAppHarness } from './test-app.service';
import type { TestDatabase } from './test-database.service';
import { type BcfWorld, buildBcfWorld } from './world.factory';

/*
 * Meetings of the JCB through the API (test/meeting*.e2e-spec.ts; seed 002, JCB terms of reference:
 * quorate with at least 4 members, at least 2 from each partner; consensus needs every eligible
 * member present and each partner). Board meeting Thu 4 Sep 2025; Mon 25 Aug 2025 is the Summer bank
 * holiday. A database, the Board's council (five members and a CCG substitute), another council and
 * an app per spec file, on a clock starting Fri 1 Aug 2025, when the meeting is scheduled.
 */
export const JCB_MEETING = '2025-09-04';
export const JCB_NEXT_MEETING = '2025-10-02';
const MEMBERS = [
  ['cab1', 'Cllr Ada Fox', 'council'],
  ['cab2', 'Cllr Ben Hart', 'council'],
  ['ccg1', 'Dr Dev Shah', 'ccg'],
  ['ccg2', 'Dr Eve Long', 'ccg'],
  ['ccg3', 'Dr Finn Roy', 'ccg'],
] as const;

/** An agenda item as GET /api/meetings/:id shows it. */
export interface AgendaItemView {
  id: string;
  deadlines: {
    report: { latestDay: string };
    keyDecisionNotice: { clearDays: number; byWhen: string } | null;
    privateNotice: { clearDays: number; byWhen: string } | null;
  };
  notices: {
    ok: boolean;
    failures: string[];
    verdicts: { rule: string; code: string; explanation: string[] }[];
  };
  quorum: { quorate: boolean; excludedPersonIds: string[]; explanation: string[] };
  declarations: object[];
  votes: object[];
  outcome: { outcome: string; explanation: string[] } | null;
}

export interface JcbMeetingsApi {
  db: TestDatabase;
  world: BcfWorld;
  /** Another council, whose officer must not see the Board's meetings. */
  other: BcfWorld;
  app: INestApplication;
}

/** The Board's council: five members and a CCG substitute. */
const boardWorld = (db: TestDatabase) =>
  buildBcfWorld(db.ds, {
    tweak: (spec) => {
      for (const [key, name, org] of MEMBERS) {
        spec.people.push({ key, name, email: `${key}@${spec.slug}.test`, organisation: org });
        spec.memberships.push({
          body: 'jcb',
          person: key,
          role: 'member',
          organisation: org,
          validFrom: '2025-01-01',
        });
      }
      spec.people.push({
        key: 'sub',
        name: 'Dr Gus Lee',
        email: `sub@${spec.slug}.test`,
        organisation: 'ccg',
      });
      // The JCB's substitution scheme names Dr Gus Lee for the CCG seats (ToR 7.1).
      spec.substitutes = MEMBERS.filter(([, , org]) => org === 'ccg').map(([member]) => ({
        body: 'jcb',
        member,
        person: 'sub',
        validFrom: '2025-01-01',
        reference: 'JCB inaugural meeting, minute 4',
      }));
    },
  });

/**
 * Builds the spec file's councils and app before its tests and closes them after; `ready()` gives
 * them once built; the rest are the requests and facts the meetings' specs share.
 */
export function jcbMeetingsApiHarness() {
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const ready: () => JcbMeetingsApi = testAppHarness({
    what: 'the meetings’ world',
    poolSize: 4,
    beforeApp: async (db) => ({ world: await boardWorld(db), other: await buildBcfWorld(db.ds) }),
    clock,
  });
  const id = (key: string) => ready().world.ids.people[key];
  const officer = (w: BcfWorld = ready().world) => ({ Authorization: `Bearer ${w.keys.officer}` });
  const api = () => request(ready().app.getHttpServer());
  const item = (body: { agenda: { id: string }[] }, itemId: string) =>
    body.agenda.find((i) => i.id === itemId) as AgendaItemView;
  const count = async (table: string) =>
    Number((await ready().db.ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  /** Five present, Dr Gus Lee substituting for Dr Eve Long: quorate. */
  const QUORATE_ATTENDANCE = () => [
    { personId: id('cab1'), status: 'present' },
    { personId: id('cab2'), status: 'present' },
    { personId: id('ccg1'), status: 'present' },
    { personId: id('ccg2'), status: 'apologies' },
    { personId: id('sub'), status: 'present', substituteFor: id('ccg2') },
    { personId: id('ccg3'), status: 'present' },
  ];

  /** Schedules the Board's meeting of Thu 4 Sep 2025 (on Fri 1 Aug 2025), and returns its id. */
  async function scheduleMeeting(): Promise<string> {
    const res = await api()
      .post('/api/meetings')
      .set(officer())
      .send({
        body: ready().world.ids.bodies.jcb,
        meetingDate: JCB_MEETING,
        title: 'JCB, 4 September 2025',
      })
      .expect(201);
    return res.body.id as string;
  }

  /** Adds an agenda item and returns its id. */
  async function addItem(meetingId: string, body: object): Promise<string> {
    const res = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer())
      .send(body)
      .expect(201);
    return res.body.agenda[res.body.agenda.length - 1].id as string;
  }

  /**
   * The meeting on its evening with its agenda published on Fri 22 Aug 2025 and a quorate
   * attendance: a key decision on the forward plan (pooled), two other items (carers, beds) and a key
   * decision without its notice (late).
   */
  async function meetingInSession() {
    const meetingId = await scheduleMeeting();
    clock.set(`${JCB_MEETING}T18:00:00Z`);
    const items = {
      pooled: await addItem(meetingId, {
        title: 'Pooled budget for hospital discharge',
        keyDecision: true,
        forwardPlanPublishedOn: '2025-07-01',
      }),
      carers: await addItem(meetingId, { title: 'Carers support contract', keyDecision: false }),
      beds: await addItem(meetingId, { title: 'Mental health beds', keyDecision: false }),
      late: await addItem(meetingId, { title: 'Care home fees uplift', keyDecision: true }),
    };
    await api()
      .post(`/api/meetings/${meetingId}/publication`)
      .set(officer())
      .send({ agendaPublishedOn: '2025-08-22' })
      .expect(200);
    await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer())
      .send(QUORATE_ATTENDANCE())
      .expect(200);
    return { meetingId, items };
  }

  return {
    ready,
    clock,
    id,
    officer,
    api,
    item,
    count,
    QUORATE_ATTENDANCE,
    scheduleMeeting,
    addItem,
    meetingInSession,
  };
}
