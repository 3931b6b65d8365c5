import { demoGrantDates } from '../libs/demo/demo-grant-meetings.service';
import { demoOpenings } from '../libs/demo/demo-templates.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { dayInWords } from '../libs/notifications/dates-in-words.service';
import { addDays, londonDate } from '../libs/governance/working-day-calendar.service';
import { demoWorldHarness } from '../libs/testing/demo-world-harness.service';
import { currentVersion } from '../libs/workflows/template.registry';

/**
 * The demo's grant (issue #15, grant ratification version 3, seed 002 item 9), walked on the demo's
 * own data as `npm start` seeds it: opened as the demo opens it, Cabinet's recommendation voted at
 * the demo's Cabinet meeting, a motion to refer it back carried at the demo's Full Council, the
 * recommendation voted again at the next Cabinet, and approved at the next Full Council on a tie
 * (its eight elected members 4–4) by the casting vote of the Mayor, who presides; then the HWBB's
 * ratification closes it. Each vote through the meetings API, as an officer records it.
 */
describe('the demo’s grant: Cabinet recommends, Full Council refers it back, then approves on the Mayor’s casting vote', () => {
  const demo = demoWorldHarness();
  const { api, clock, read, meetingOf } = demo;
  const officer = demo.as('officer');
  const event = (c: CaseView, type: string, payload: Record<string, unknown>) =>
    demo.send(c, type, payload);
  const RECOMMENDATION = 'To accept the Adult Social Care grant of £4,981,651 for the year ahead';

  /**
   * The meeting's evening: every member present, an item linked to the case, and the show of hands,
   * members' hands in the order given by name (the rest `for`); its response.
   */
  async function vote(
    meetingId: string,
    date: string,
    title: string,
    caseId: string,
    against: string[],
    casting?: { presiding: string; hand: 'for' | 'against' },
  ) {
    clock.set(`${date}T19:00:00Z`);
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
    const byName = (name: string) => members.find((m) => m.name === name)!.personId;
    return api()
      .post(`/api/meetings/${meetingId}/agenda-items/${agenda.at(-1)!.id}/show-of-hands`)
      .set(officer)
      .send({
        hands: members.map((m) => ({
          personId: m.personId,
          hand: against.includes(m.name) ? 'against' : 'for',
        })),
        ...(casting
          ? { castingVote: { presidingPersonId: byName(casting.presiding), hand: casting.hand } }
          : {}),
      });
  }

  it('walks the grant through the demo’s Cabinet and Full Council meetings to the HWBB’s ratification', async () => {
    const today = londonDate(clock.now());
    const days = demoGrantDates(today);
    const opened = await api()
      .post('/api/cases')
      .set(officer)
      .send({
        template: 'grant-ratification',
        title: 'Adult Social Care grant',
        ...demoOpenings(demo.ids(), today)['grant-ratification'],
      })
      .expect(201);
    let c = opened.body as CaseView;
    // The demo opens new cases: on the version they open on today, read from the registry.
    expect(c.template).toMatchObject({
      id: 'grant-ratification',
      version: currentVersion('grant-ratification'),
    });
    expect(c.roles.reportOwner.person).toMatchObject({ name: 'Robin Achebe' });
    c = await event(c, 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'integrationBoard',
      meetingDate: addDays(today, -14),
      minuteReference: 'Integration Board, item 4',
    });
    c = await event(c, 'RECORD_AGREEMENT_IN_PRINCIPLE', {
      body: 'commissioningPartnershipBoard',
      meetingDate: addDays(today, -7),
      minuteReference: 'Commissioning Partnership Board, item 5',
    });
    c = await event(c, 'RECORD_PROPOSED_RECOMMENDATION', { recommendation: RECOMMENDATION });

    // Cabinet (the Leader and three Cabinet members): 3 for, Cllr Tom Ellis against.
    const cabinet = await meetingOf('Cabinet', days.cabinetMeetingDate);
    expect(
      (
        await vote(cabinet, days.cabinetMeetingDate, 'Adult Social Care grant', c.id, [
          'Cllr Tom Ellis',
        ])
      ).status,
    ).toBe(201);
    c = await read(c.id);
    expect(c.state.summary).toBe(
      `Recommended by Cabinet (“${RECOMMENDATION}”): awaiting Full Council’s vote on a motion to approve it (meeting ${dayInWords(days.councilMeetingDate)})`,
    );

    // Full Council: a motion to refer it back to the next Cabinet, carried 6–2.
    c = await event(c, 'RECORD_COUNCIL_MOTION', { motion: 'referBackToCabinet', ...days.next });
    const council = await meetingOf('Full Council', days.councilMeetingDate);
    const referral = await vote(council, days.councilMeetingDate, 'Grant: referral', c.id, [
      'Cllr Sasha Reed',
      'Cllr Chris Lane',
    ]);
    expect(referral.status).toBe(201);
    c = await read(c.id);
    expect(c.state.summary).toMatch(
      new RegExp(
        `^Referred back to Cabinet by Full Council on ${dayInWords(days.councilMeetingDate)} .*: awaiting Cabinet’s vote on recommending “${RECOMMENDATION}” to Full Council \\(meeting ${dayInWords(days.next.cabinetMeetingDate)}\\)$`,
      ),
    );

    // The next Cabinet recommends it again, unanimously.
    const nextCabinet = await meetingOf('Cabinet', days.next.cabinetMeetingDate);
    const again = await vote(nextCabinet, days.next.cabinetMeetingDate, 'Grant', c.id, []);
    expect(again.status).toBe(201);

    // The next Full Council ties 4–4: refused without the casting vote, nothing recorded; then
    // carried on the casting vote of the Mayor, Cllr Dev Sharma, who presides.
    const nextCouncil = await meetingOf('Full Council', days.next.councilMeetingDate);
    const split = ['Cllr Alex Rowe', 'Cllr Jan Cole', 'Cllr Maya Green', 'Cllr Tom Ellis'];
    const before = (await read(c.id)).version;
    const tie = await vote(
      nextCouncil,
      days.next.councilMeetingDate,
      'Adult Social Care grant',
      c.id,
      split,
    );
    expect(tie.status).toBe(422);
    expect(tie.body).toMatchObject({ rule: 'CASTING_VOTE_REQUIRED' });
    expect((await read(c.id)).version).toBe(before);
    const members = (await api().get(`/api/meetings/${nextCouncil}`).set(officer).expect(200)).body
      .members as { personId: string; name: string }[];
    expect(members.map((m) => m.name)).toHaveLength(8);
    const agenda = (await api().get(`/api/meetings/${nextCouncil}`).set(officer).expect(200)).body
      .agenda as { id: string }[];
    await api()
      .post(`/api/meetings/${nextCouncil}/agenda-items/${agenda.at(-1)!.id}/show-of-hands`)
      .set(officer)
      .send({
        hands: members.map((m) => ({
          personId: m.personId,
          hand: split.includes(m.name) ? 'against' : 'for',
        })),
        castingVote: {
          presidingPersonId: members.find((m) => m.name === 'Cllr Dev Sharma')!.personId,
          hand: 'for',
        },
      })
      .expect(201);
    c = await read(c.id);
    expect(c.state.summary).toBe(
      `Approved by Full Council on Cabinet’s recommendation: awaiting ratification by the HWBB by ${dayInWords(days.next.ratificationDeadline)}`,
    );
    const [decision]: { payload: Record<string, unknown> }[] = await demo.db().ds.query(
      `SELECT payload FROM case_events WHERE case_id = $1 AND type = 'RECORD_COUNCIL_DECISION'
        ORDER BY seq DESC LIMIT 1`,
      [c.id],
    );
    expect(decision.payload).toMatchObject({
      decision: 'approved',
      vote: { for: 4, against: 4, abstain: 0 },
      fromMeeting: true,
    });

    const ratifiedOn = addDays(days.next.councilMeetingDate, 7);
    clock.set(`${ratifiedOn}T19:00:00Z`);
    c = await event(c, 'RECORD_RATIFICATION', {
      decision: 'ratified',
      meetingDate: ratifiedOn,
      minuteReference: 'Health and Wellbeing Board, minute 6',
    });
    expect(c.state.closed).toBe(true);
    await api()
      .get(`/api/cases/${c.id}/audit/verify`)
      .set(officer)
      .expect(200)
      .expect((res) => expect(res.body).toMatchObject({ ok: true }));
  });
});
