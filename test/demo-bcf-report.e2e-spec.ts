import { demoReportDates } from '../libs/demo/demo-report-meetings.service';
import { demoOpenings } from '../libs/demo/demo-templates.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { dayInWords } from '../libs/notifications/dates-in-words.service';
import { londonDate } from '../libs/governance/working-day-calendar.service';
import { demoWorldHarness } from '../libs/testing/demo-world-harness.service';
import { currentVersion } from '../libs/workflows/template.registry';

/**
 * The demo's BCF performance reports (issue #15, quarterly performance report version 4, seed 002
 * paras 2.11-2.12), walked on the demo's own data as `npm start` seeds it: a quarter's report
 * signed off by the consensus of the demo's JCB and submitted to NHS England; the year-end report
 * signed off by the JCB, referred back by the demo's HWBB, the JCB's earlier meeting refused on it,
 * signed off again at the JCB's next meeting and noted by the HWBB's next, then submitted. Each
 * show of hands through the meetings API, as an officer records it.
 */
describe('the demo’s BCF reports: quarters signed off by the JCB, the year-end referred back by the HWBB and noted later', () => {
  const demo = demoWorldHarness();
  const { api, clock, read, meetingOf } = demo;
  const officer = demo.as('officer');
  const event = (c: CaseView, type: string, payload: Record<string, unknown>) =>
    demo.send(c, type, payload);

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
        ...demoOpenings(demo.ids(), today)['bcf-quarterly-performance-report'],
      })
      .expect(201);
    const c = opened.body as CaseView;
    // The demo opens new cases: on the version they open on today, read from the registry.
    expect(c.template).toMatchObject({
      id: 'bcf-quarterly-performance-report',
      version: currentVersion('bcf-quarterly-performance-report'),
    });
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
      summary: `Quarter 2 2026/27 report: submitted to NHS England on ${dayInWords(days.jcbMeetingDate)}`,
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
      await demo
        .db()
        .ds.query<{ type: string; payload: { meetingDate: string; outcome: string } }[]>(
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
