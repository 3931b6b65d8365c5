import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { demoReportDates } from '../libs/demo/demo-report-meetings.service';
import { DEMO_API_KEYS, seedDemo } from '../libs/demo/demo-seed.service';
import { demoOpenings } from '../libs/demo/demo-templates.service';
import type { TenantIds } from '../libs/directory/tenant-setup.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { OpenCaseUseCase } from '../libs/engine/open-case.use-case';
import { SendEventUseCase } from '../libs/engine/send-event.use-case';
import { londonDate } from '../libs/governance/working-day-calendar.service';
import { demoTenantIds } from '../libs/testing/demo-tenant-ids.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/**
 * The demo's BCF performance reports (issue #15, quarterly performance report version 4, seed 002
 * paras 2.11-2.12), walked on the demo's own data as `npm start` seeds it: a quarter's report
 * signed off by the consensus of the demo's JCB and submitted to NHS England; the year-end report
 * signed off by the JCB, referred back by the demo's HWBB, the JCB's earlier meeting refused on it,
 * signed off again at the JCB's next meeting and noted by the HWBB's next, then submitted. Each
 * show of hands through the meetings API, as an officer records it.
 */
describe('the demo’s BCF reports: quarters signed off by the JCB, the year-end referred back by the HWBB and noted later', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ids: TenantIds;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const officer = { Authorization: `Bearer ${DEMO_API_KEYS.officer}` };
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    await seedDemo(db.ds, clock, app.get(OpenCaseUseCase), app.get(SendEventUseCase));
    ids = await demoTenantIds(db.ds);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const event = async (c: CaseView, type: string, payload: Record<string, unknown>) => {
    const res = await api()
      .post(`/api/cases/${c.id}/events`)
      .set(officer)
      .send({ type, expectedVersion: c.version, payload });
    expect({ type, status: res.status, detail: res.body.detail }).toEqual({
      type,
      status: 200,
      detail: undefined,
    });
    return res.body as CaseView;
  };
  const read = async (id: string) =>
    (await api().get(`/api/cases/${id}`).set(officer).expect(200)).body as CaseView;

  /** The demo's meeting of a body (its title's start) on a day. */
  async function meetingOf(name: string, date: string): Promise<string> {
    const items = (await api().get('/api/meetings').set(officer).expect(200)).body.items as {
      id: string;
      title: string;
      meetingDate: string;
    }[];
    const found = items.filter((m) => m.title.startsWith(`${name}, `) && m.meetingDate === date);
    expect(found).toHaveLength(1);
    return found[0].id;
  }

  /**
   * The meeting's evening: every member present, an item linked to the case, and the show of hands,
   * every hand for; or, referred back, the last member's against and the Chair's referral back.
   */
  async function showOfHands(
    name: string,
    date: string,
    title: string,
    caseId: string,
    choice?: 'referredBack',
  ) {
    const meetingId = await meetingOf(name, date);
    clock.set(`${date}T18:00:00Z`);
    const members = (await api().get(`/api/meetings/${meetingId}`).set(officer).expect(200)).body
      .members as { personId: string; name: string }[];
    await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer)
      .send(members.map((m) => ({ personId: m.personId, status: 'present' })))
      .expect(200);
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer)
      .send({ title, caseId, keyDecision: false })
      .expect(201);
    const agenda = added.body.agenda as { id: string }[];
    return api()
      .post(`/api/meetings/${meetingId}/agenda-items/${agenda.at(-1)!.id}/show-of-hands`)
      .set(officer)
      .send({
        hands: members.map((m, i) => ({
          personId: m.personId,
          hand: choice && i === members.length - 1 ? 'against' : 'for',
        })),
        ...(choice ? { chairChoice: { outcome: choice, consultedThosePresent: true } } : {}),
      });
  }

  const open = async (title: string, period: string, financialYear: string) => {
    const today = londonDate(clock.now());
    const opened = await api()
      .post('/api/cases')
      .set(officer)
      .send({
        template: 'bcf-quarterly-performance-report',
        title,
        ...demoOpenings(ids, today)['bcf-quarterly-performance-report'],
      })
      .expect(201);
    const c = opened.body as CaseView;
    expect(c.template).toMatchObject({ id: 'bcf-quarterly-performance-report', version: 4 });
    return event(c, 'RECORD_PREPARED', { preparedOn: today, period, financialYear });
  };

  it('signs a quarter off at the demo’s JCB by consensus and submits it; takes the year-end to the HWBB, which refers it back and notes it at its next meeting', async () => {
    const days = demoReportDates(londonDate(clock.now()));
    const JCB = 'Joint Commissioning Board';
    const HWBB = 'Health and Wellbeing Board';
    const quarter = await open('BCF report, quarter 2 2026/27', 'Q2', '2026/27');
    const yearEnd = await open('BCF year-end report 2025/26', 'yearEnd', '2025/26');
    expect(quarter.dates.jcbMeetingDate).toBe(days.jcbMeetingDate);

    // The JCB's meeting: both reports signed off by consensus, every member's hand for.
    for (const [c, title] of [
      [quarter, 'BCF performance, quarter 2'],
      [yearEnd, 'BCF year-end report'],
    ] as const)
      expect((await showOfHands(JCB, days.jcbMeetingDate, title, c.id)).status).toBe(201);
    let q = await read(quarter.id);
    expect(q.state.key).toBe('open.readyToSubmit');
    let y = await read(yearEnd.id);
    expect(y.state.key).toBe('open.hwbb.awaiting');

    // The quarter goes to NHS England without the HWBB.
    q = await event(q, 'RECORD_SUBMISSION', { submittedOn: days.jcbMeetingDate });
    expect(q.state).toMatchObject({
      closed: true,
      summary: `Quarter 2 2026/27 report: submitted to NHS England on ${days.jcbMeetingDate}`,
    });

    // The HWBB refers the year-end report back; the JCB's meeting before that cannot take it.
    const referral = await showOfHands(
      HWBB,
      days.hwbbMeetingDate,
      'BCF year-end',
      y.id,
      'referredBack',
    );
    expect(referral.status).toBe(201);
    y = await read(yearEnd.id);
    expect(y.state.key).toBe('open.laterJcb');
    const earlier = await showOfHands(JCB, days.jcbMeetingDate, 'BCF year-end, revised', y.id);
    expect({ status: earlier.status, rule: earlier.body.rule }).toEqual({
      status: 422,
      rule: 'MEETING_BEFORE_THE_LAST_ON_THE_MATTER',
    });
    expect((await read(yearEnd.id)).version).toBe(y.version);

    // The JCB's next meeting signs the revised report off; the HWBB's next notes it.
    expect(
      (await showOfHands(JCB, days.next.jcbMeetingDate, 'BCF year-end, revised', y.id)).status,
    ).toBe(201);
    expect((await read(yearEnd.id)).state.key).toBe('open.hwbb.awaiting');
    expect(
      (await showOfHands(HWBB, days.next.hwbbMeetingDate, 'BCF year-end, revised', y.id)).status,
    ).toBe(201);
    y = await read(yearEnd.id);
    expect(y.state.key).toBe('open.readyToSubmit');
    const outcomes = (
      await db.ds.query<{ type: string; payload: { meetingDate: string; outcome: string } }[]>(
        `SELECT type, payload FROM case_events WHERE case_id = $1
            AND type IN ('RECORD_JCB_DECISION', 'RECORD_HWBB_DECISION') ORDER BY seq`,
        [y.id],
      )
    ).map((e) => [e.type, e.payload.meetingDate, e.payload.outcome]);
    expect(outcomes).toEqual([
      ['RECORD_JCB_DECISION', days.jcbMeetingDate, 'consensus'],
      ['RECORD_HWBB_DECISION', days.hwbbMeetingDate, 'referredBack'],
      ['RECORD_JCB_DECISION', days.next.jcbMeetingDate, 'consensus'],
      ['RECORD_HWBB_DECISION', days.next.hwbbMeetingDate, 'consensus'],
    ]);
    y = await event(y, 'RECORD_SUBMISSION', { submittedOn: days.next.hwbbMeetingDate });
    expect(y.state.closed).toBe(true);
    await api()
      .get(`/api/cases/${y.id}/audit/verify`)
      .set(officer)
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true }));
  });
});
