import type { BcfWorld } from '../libs/testing/world.factory';
import {
  JCB_MEETING as MEETING,
  jcbMeetingsApiHarness,
} from '../libs/testing/jcb-meetings-api-harness.service';

/*
 * Meetings of the JCB through the API: scheduling, the agenda and its notices, attendance and
 * quorum, and another council's officer kept out. What the meeting decides (shows of hands,
 * interests, dispensations, minutes) is in test/meeting-decisions.e2e-spec.ts.
 */
describe('meetings through the API', () => {
  const m = jcbMeetingsApiHarness();
  // Scheduled on Fri 1 Aug 2025; the meeting's business is recorded on its evening.
  const { clock, id, officer, api, item, count, QUORATE_ATTENDANCE } = m;
  let world: BcfWorld;
  let other: BcfWorld;
  beforeAll(() => ({ world, other } = m.ready()));
  let meetingId: string;
  const items: Record<string, string> = {};

  it('schedules a JCB meeting for officers and lists it by body', async () => {
    const res = await api()
      .post('/api/meetings')
      .set(officer())
      .send({ body: world.ids.bodies.jcb, meetingDate: MEETING, title: 'JCB, 4 September 2025' })
      .expect(201);
    meetingId = res.body.id;
    expect(res.body).toMatchObject({ bodyKind: 'jcb', meetingDate: MEETING, agenda: [] });
    expect(res.body.quorumRule.total).toBe(4);
    const list = await api()
      .get(`/api/meetings?body=${world.ids.bodies.jcb}`)
      .set(officer())
      .expect(200);
    expect(list.body.items.map((m: { id: string }) => m.id)).toEqual([meetingId]);
  });

  it('refuses a meeting from someone who is not an officer, and bad input with its fields', async () => {
    const forbidden = await api()
      .post('/api/meetings')
      .set({ Authorization: `Bearer ${world.keys.gp}` })
      .send({ body: world.ids.bodies.jcb, meetingDate: MEETING, title: 'x' })
      .expect(403);
    expect(forbidden.body.code).toBe('NOT_AUTHORISED');
    const bad = await api()
      .post('/api/meetings')
      .set(officer())
      .send({ body: 'jcb', meetingDate: '2025-02-30' })
      .expect(422);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.code).toBe('INVALID_INPUT');
    expect(bad.body.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      'body',
      'meetingDate',
      'title',
    ]);
  });

  it('refuses an agenda published after today or before the meeting existed, and a show of hands before its day, and says by when', async () => {
    const tomorrow = await api()
      .post(`/api/meetings/${meetingId}/publication`)
      .set(officer())
      .send({ agendaPublishedOn: '2025-08-02' })
      .expect(422);
    expect(tomorrow.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'RECORDED_DATE_IN_THE_FUTURE',
      explanation: [
        'the agenda’s publication is dated Sat 2 Aug 2025, after today, Fri 1 Aug 2025 (London)',
        expect.any(String),
      ],
      problems: [{ path: 'agendaPublishedOn', message: expect.stringContaining('after today') }],
    });
    const beforeScheduled = await api()
      .post(`/api/meetings/${meetingId}/publication`)
      .set(officer())
      .send({ agendaPublishedOn: '2025-07-31' })
      .expect(422);
    expect(beforeScheduled.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'AGENDA_BEFORE_THE_MEETING_EXISTED',
      explanation: [
        'the agenda’s publication is dated Thu 31 Jul 2025, before the day the meeting was scheduled on Fri 1 Aug 2025',
        expect.any(String),
      ],
    });
    const early = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${meetingId}/show-of-hands`)
      .set(officer())
      .send({ hands: [] })
      .expect(422);
    expect(early.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'SHOW_OF_HANDS_BEFORE_THE_MEETING',
      explanation: [
        expect.stringMatching(/^the show of hands is dated Fri 1 Aug 2025, before the meeting \(/),
        expect.any(String),
      ],
    });
    const futureReport = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer())
      .send({ title: 'Not yet', keyDecision: false, reportPublishedOn: '2025-08-20' })
      .expect(422);
    expect(futureReport.body).toMatchObject({ rule: 'RECORDED_DATE_IN_THE_FUTURE' });
    const read = await api().get(`/api/meetings/${meetingId}`).set(officer()).expect(200);
    expect(read.body.agendaPublishedOn).toBeNull();
    expect(read.body.agenda).toEqual([]);
    // By when: 5 clear days before Thu 4 Sep 2025 (reg 7), weekends not counted.
    expect(read.body.publishAgendaBy).toMatchObject({
      clearDays: 5,
      latestDay: '2025-08-27',
      byWhen: 'publish the agenda and report by Wed 27 Aug 2025',
    });
    expect(read.body.publishAgendaBy.explanation[0]).toBe(
      'meeting Thu 4 Sep 2025; 5 clear days needed',
    );
    clock.set(`${MEETING}T18:00:00Z`);
  });

  it('builds the agenda and reports each item’s notice verdicts with explanations', async () => {
    const add = async (body: object) => {
      const res = await api()
        .post(`/api/meetings/${meetingId}/agenda-items`)
        .set(officer())
        .send(body)
        .expect(201);
      return res.body.agenda[res.body.agenda.length - 1].id as string;
    };
    items.pooled = await add({
      title: 'Pooled budget for hospital discharge',
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
    });
    items.carers = await add({ title: 'Carers support contract', keyDecision: false });
    items.beds = await add({ title: 'Mental health beds', keyDecision: false });
    items.late = await add({ title: 'Care home fees uplift', keyDecision: true });

    const before = await api().get(`/api/meetings/${meetingId}`).set(officer()).expect(200);
    const report = (body: object, itemId: string) =>
      item(body as never, itemId).notices.verdicts.find((v) => v.rule === 'reportPublication')!;
    expect(report(before.body, items.pooled).code).toBe('REPORT_NOT_PUBLISHED');

    const after = await api()
      .post(`/api/meetings/${meetingId}/publication`)
      .set(officer())
      .send({ agendaPublishedOn: '2025-08-22' })
      .expect(200);
    const pooled = item(after.body, items.pooled);
    expect(pooled.notices.ok).toBe(true);
    // By when each of its notices had to be published, with the counting.
    expect(pooled.deadlines.report.latestDay).toBe('2025-08-27');
    expect(pooled.deadlines.keyDecisionNotice).toMatchObject({
      clearDays: 28,
      byWhen: 'publish the key decision notice (forward plan) by Thu 24 Jul 2025',
    });
    expect(pooled.deadlines.privateNotice).toBeNull();
    expect(pooled.notices.verdicts.map((v: { code: string }) => v.code)).toEqual([
      'KEY_DECISION_ON_FORWARD_PLAN',
      'REPORT_ON_TIME',
      'PUBLIC_ITEM',
    ]);
    expect(report(after.body, items.pooled).explanation).toEqual(
      expect.arrayContaining([expect.stringContaining('Mon 25 Aug 2025')]),
    );
    const late = item(after.body, items.late);
    expect(late.notices.failures).toEqual(['KEY_DECISION_NOTICE_NOT_MET']);
    expect(late.notices.verdicts[0].explanation).toEqual(
      expect.arrayContaining(['no forward plan notice was published']),
    );
  });

  it('records attendance with a substitute and finds the meeting quorate', async () => {
    const res = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer())
      .send(QUORATE_ATTENDANCE())
      .expect(200);
    expect(res.body.quorum.quorate).toBe(true);
    expect(res.body.quorum.summary).toBe('5 members counted; quorate');
    expect(res.body.quorum.explanation).toEqual(
      expect.arrayContaining([
        'Dr Gus Lee (substitute for Dr Eve Long) present, counts as ccg',
        'CCG members present and counted: 3, at least 2 needed: met',
      ]),
    );
    expect(item(res.body, items.pooled).quorum.quorate).toBe(true);
  });

  it('refuses an impossible attendance with its rule and explanation, writing nothing', async () => {
    const rows = await count('meeting_attendance');
    const substituteForPresent = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer())
      .send([
        { personId: id('cab1'), status: 'present' },
        { personId: id('ccg2'), status: 'present' },
        { personId: id('sub'), status: 'present', substituteFor: id('ccg2') },
      ])
      .expect(422);
    expect(substituteForPresent.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'SUBSTITUTE_FOR_PRESENT_MEMBER',
      explanation: ['Dr Gus Lee cannot substitute for Dr Eve Long, who is present'],
    });
    const notAMember = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer())
      .send([{ personId: world.ids.people.officer, status: 'present' }])
      .expect(422);
    expect(notAMember.body.rule).toBe('NOT_A_MEMBER');
    expect(notAMember.body.detail).toMatch(/Dana Whitlock is not a member/);
    expect(await count('meeting_attendance')).toBe(rows);
    const after = await api().get(`/api/meetings/${meetingId}`).set(officer()).expect(200);
    expect(after.body.attendance).toHaveLength(6);
    expect(after.body.quorum.quorate).toBe(true);
  });

  it('treats another organisation’s meeting as not found', async () => {
    const read = await api().get(`/api/meetings/${meetingId}`).set(officer(other)).expect(404);
    expect(read.body.code).toBe('MEETING_NOT_FOUND');
    const write = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer(other))
      .send([])
      .expect(404);
    expect(write.body.code).toBe('MEETING_NOT_FOUND');
    const list = await api().get('/api/meetings').set(officer(other)).expect(200);
    expect(list.body.items).toEqual([]);
    await api().get('/api/meetings/not-a-uuid').set(officer()).expect(404);
  });
});
