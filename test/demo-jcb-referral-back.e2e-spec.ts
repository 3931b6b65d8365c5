import { demoReportDates } from '../libs/demo/demo-report-meetings.service';
import { demoOpenings } from '../libs/demo/demo-templates.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { addDays, londonDate } from '../libs/governance/working-day-calendar.service';
import { demoWorldHarness } from '../libs/testing/demo-world-harness.service';

/**
 * A JCB matter referred back that both partners support (issue #15, JCB delegated decision, ToR
 * 8.3 and 9.1), walked on the demo's own data as `npm start` seeds it (the demo's seeded referral
 * goes to dispute; this is a second matter): opened as the demo opens a JCB case, referred back by
 * the Chair at the demo JCB's meeting (one ICB member against), supported by Cabinet and by the
 * ICB's board, returned to the Board (RECONSIDER) for the JCB's next meeting, where its consensus
 * takes it on to the decision. Each show of hands through the meetings API, as an officer records it.
 */
describe('the demo’s JCB referral back that both partners support: back to the Board’s next meeting', () => {
  const demo = demoWorldHarness();
  const { api, clock, read, meetingOf } = demo;
  const officer = demo.as('officer');
  const event = (c: CaseView, type: string, payload: Record<string, unknown>) =>
    demo.send(c, type, payload);
  const JCB = 'Joint Commissioning Board';
  const TITLE = 'Community equipment service: joint contract';

  /**
   * The demo JCB's meeting on a day, its evening: every member present, an item linked to the case,
   * and the show of hands, every hand for but those named; the Chair's choice if given.
   */
  async function showOfHands(
    date: string,
    caseId: string,
    against: string[] = [],
    chairChoice?: { outcome: string; consultedThosePresent: boolean },
  ) {
    const meetingId = await meetingOf(JCB, date);
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
      .send({ title: TITLE, caseId, keyDecision: false })
      .expect(201);
    const agenda = added.body.agenda as { id: string }[];
    return api()
      .post(`/api/meetings/${meetingId}/agenda-items/${agenda.at(-1)!.id}/show-of-hands`)
      .set(officer)
      .send({
        hands: members.map((m) => ({
          personId: m.personId,
          hand: against.includes(m.name) ? 'against' : 'for',
        })),
        ...(chairChoice ? { chairChoice } : {}),
      });
  }

  it('goes on to Cabinet and the ICB’s board, both support it, and the Board’s next meeting takes it', async () => {
    const today = londonDate(clock.now());
    const days = demoReportDates(today);
    const opened = await api()
      .post('/api/cases')
      .set(officer)
      .send({
        template: 'jcb-delegated-decision',
        title: TITLE,
        ...demoOpenings(demo.ids(), today)['jcb-delegated-decision'],
      })
      .expect(201);
    let c = opened.body as CaseView;
    expect(c.dates.meetingDate).toBe(days.jcbMeetingDate);
    c = await event(c, 'DESCRIBE_MATTER', {
      summary: 'Extend the jointly commissioned community equipment service by two years',
      keyDecision: false,
      documents: ['Report of the Integrated Commissioning Unit: community equipment'],
      representations: 'Write to democratic.services@example.org',
    });

    // The JCB's meeting: Dr Nia Evans (ICB) against; the Chair refers the matter back.
    const referral = await showOfHands(days.jcbMeetingDate, c.id, ['Dr Nia Evans'], {
      outcome: 'referredBack',
      consultedThosePresent: true,
    });
    expect({ status: referral.status, detail: referral.body.detail }).toEqual({
      status: 201,
      detail: undefined,
    });
    c = await read(c.id);
    expect(c.state.key).toBe('referredBack.withPartners');
    expect(c.state.summary).toContain('awaiting Cabinet’s decision');

    // Cabinet and the ICB's board both support the decision proposed: back to the Board.
    const cabinetOn = addDays(days.jcbMeetingDate, 5);
    clock.set(`${cabinetOn}T12:00:00Z`);
    c = await event(c, 'RECORD_CABINET_DECISION', {
      decidedOn: cabinetOn,
      outcome: 'supports',
      minuteReference: 'Cabinet, minute 7',
    });
    const icbOn = addDays(days.jcbMeetingDate, 6);
    clock.set(`${icbOn}T12:00:00Z`);
    c = await event(c, 'RECORD_PARTNER_BOARD_DECISION', {
      decidedOn: icbOn,
      outcome: 'supports',
      minuteReference: 'ICB Board, minute 11',
    });
    expect(c.state).toMatchObject({
      key: 'returnedToBoard',
      summary: 'Returned to the Board by the partners: awaiting a later meeting',
    });
    c = await event(c, 'RECONSIDER', {
      talkedOn: icbOn,
      note: 'Back to the Board with both partners’ support',
      meetingDate: days.next.jcbMeetingDate,
    });
    expect(c.state.key).toBe('beforeMeeting.meeting');
    expect(c.dates.meetingDate).toBe(days.next.jcbMeetingDate);

    // The JCB's next meeting: consensus; the matter goes on to its decision.
    const agreed = await showOfHands(days.next.jcbMeetingDate, c.id);
    expect({ status: agreed.status, detail: agreed.body.detail }).toEqual({
      status: 201,
      detail: undefined,
    });
    c = await read(c.id);
    expect(c.state.key).toBe('draftingDecision');
    expect(c.context).toMatchObject({
      referrals: [{ on: days.jcbMeetingDate, dispute: null }],
    });
    await api()
      .get(`/api/cases/${c.id}/audit/verify`)
      .set(officer)
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true }));
  });
});
