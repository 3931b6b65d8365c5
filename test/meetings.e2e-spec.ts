import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/*
 * Meetings of the JCB through the API (seed 002, JCB terms of reference: quorate with at least 4
 * members, at least 2 from each partner; consensus needs every eligible member present and each
 * partner). Board meeting Thu 4 Sep 2025; Mon 25 Aug 2025 is the Summer bank holiday.
 */
const MEETING = '2025-09-04';
const NEXT_MEETING = '2025-10-02';
const MEMBERS = [
  ['cab1', 'Cllr Ada Fox', 'council'],
  ['cab2', 'Cllr Ben Hart', 'council'],
  ['ccg1', 'Dr Dev Shah', 'ccg'],
  ['ccg2', 'Dr Eve Long', 'ccg'],
  ['ccg3', 'Dr Finn Roy', 'ccg'],
] as const;

interface AgendaItemView {
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

describe('meetings through the API', () => {
  // Scheduled on Fri 1 Aug 2025; the meeting's business is recorded on its evening.
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  let db: TestDatabase;
  let world: BcfWorld;
  let other: BcfWorld;
  let app: INestApplication;
  let meetingId: string;
  const items: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase(4);
    world = await buildBcfWorld(db.ds, {
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
    other = await buildBcfWorld(db.ds);
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const id = (key: string) => world.ids.people[key];
  const officer = (w: BcfWorld = world) => ({ Authorization: `Bearer ${w.keys.officer}` });
  const api = () => request(app.getHttpServer());
  const item = (body: { agenda: { id: string }[] }, itemId: string) =>
    body.agenda.find((i) => i.id === itemId) as AgendaItemView;
  const count = async (table: string) =>
    Number((await db.ds.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const QUORATE_ATTENDANCE = () => [
    { personId: id('cab1'), status: 'present' },
    { personId: id('cab2'), status: 'present' },
    { personId: id('ccg1'), status: 'present' },
    { personId: id('ccg2'), status: 'apologies' },
    { personId: id('sub'), status: 'present', substituteFor: id('ccg2') },
    { personId: id('ccg3'), status: 'present' },
  ];

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

  it('records consensus when every eligible member present is for', async () => {
    const res = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.pooled}/show-of-hands`)
      .set(officer())
      .send({
        hands: ['cab1', 'cab2', 'ccg1', 'sub', 'ccg3'].map((k) => ({
          personId: id(k),
          hand: 'for',
        })),
      })
      .expect(201);
    const pooled = item(res.body, items.pooled);
    expect(pooled.outcome).toMatchObject({
      outcome: 'consensus',
      tally: { for: 5, against: 0, abstain: 0 },
    });
    expect(pooled.outcome?.explanation).toEqual(
      expect.arrayContaining([
        'consensus: every eligible member present supports and each partner assents',
      ]),
    );
    expect(pooled.votes).toHaveLength(5);
    const again = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.pooled}/show-of-hands`)
      .set(officer())
      .send({ hands: [] })
      .expect(422);
    expect(again.body.rule).toBe('ITEM_ALREADY_DECIDED');
  });

  it('records a deferral when one CCG member dissents and the Chair defers after consulting', async () => {
    const hands = ['cab1', 'cab2', 'ccg1', 'sub', 'ccg3'].map((k) => ({
      personId: id(k),
      hand: k === 'sub' ? 'against' : 'for',
    }));
    const noChoice = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.carers}/show-of-hands`)
      .set(officer())
      .send({ hands })
      .expect(422);
    expect(noChoice.body.rule).toBe('CHAIR_CHOICE_REQUIRED');
    const res = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.carers}/show-of-hands`)
      .set(officer())
      .send({ hands, chairChoice: { outcome: 'deferred', consultedThosePresent: true } })
      .expect(201);
    const carers = item(res.body, items.carers);
    expect(carers.outcome).toMatchObject({
      outcome: 'deferred',
      tally: { for: 4, against: 1, abstain: 0 },
    });
    expect(carers.outcome?.explanation).toEqual(
      expect.arrayContaining(['ccg: 2 of 3 for: does not assent']),
    );
  });

  it('excludes a member with a disclosable pecuniary interest, recomputes quorum, and refuses their vote', async () => {
    const declared = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.beds}/declarations`)
      .set(officer())
      .send({
        personId: id('ccg1'),
        kind: 'disclosablePecuniary',
        details: 'Spouse is a director of the bed provider',
      })
      .expect(201);
    const beds = item(declared.body, items.beds);
    expect(beds.quorum.excludedPersonIds).toEqual([id('ccg1')]);
    expect(beds.quorum.explanation).toEqual(
      expect.arrayContaining([
        'Dr Dev Shah is present but excluded by an interest for this item: does not count',
        '4 present and counted, at least 4 needed: met',
      ]),
    );
    expect(beds.declarations[0]).toMatchObject({ mayVote: false, withdrawalRecorded: true });

    const votes = await count('votes');
    const refused = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.beds}/show-of-hands`)
      .set(officer())
      .send({
        hands: ['cab1', 'cab2', 'ccg1', 'sub', 'ccg3'].map((k) => ({
          personId: id(k),
          hand: 'for',
        })),
      })
      .expect(422);
    expect(refused.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'VOTER_EXCLUDED',
      explanation: [
        'Dr Dev Shah is excluded from this item by a declared interest and may not vote',
      ],
    });
    expect(await count('votes')).toBe(votes);

    const decided = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.beds}/show-of-hands`)
      .set(officer())
      .send({
        hands: ['cab1', 'cab2', 'sub', 'ccg3'].map((k) => ({ personId: id(k), hand: 'for' })),
      })
      .expect(201);
    expect(item(decided.body, items.beds).outcome?.outcome).toBe('consensus');
  });

  it('lets a member with a dispensation from the register take part despite a pecuniary interest', async () => {
    const tooLong = await api()
      .post('/api/dispensations')
      .set(officer())
      .send({
        personId: id('ccg3'),
        grantor: 'Standards Committee',
        ground: 'impedesTransactionOfBusiness',
        matters: ['care homes'],
        relievesFrom: ['discussion', 'vote'],
        grantedOn: '2025-01-01',
        endsOn: '2030-01-02',
      })
      .expect(422);
    expect(tooLong.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'DISPENSATION_TOO_LONG',
    });

    const granted = await api()
      .post('/api/dispensations')
      .set(officer())
      .send({
        personId: id('ccg3'),
        grantor: 'Standards Committee',
        ground: 'impedesTransactionOfBusiness',
        matters: ['care homes'],
        relievesFrom: ['discussion', 'vote'],
        grantedOn: '2025-01-01',
        endsOn: '2026-12-31',
      })
      .expect(201);
    const listed = await api()
      .get(`/api/dispensations?person=${id('ccg3')}`)
      .set(officer())
      .expect(200);
    expect(listed.body.map((d: { id: string }) => d.id)).toEqual([granted.body.id]);

    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer())
      .send({ title: 'Care home quality fund', keyDecision: false })
      .expect(201);
    const itemId = added.body.agenda[added.body.agenda.length - 1].id as string;
    const foreign = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/declarations`)
      .set(officer())
      .send({
        personId: id('cab1'),
        kind: 'disclosablePecuniary',
        details: 'Owns a care home',
        dispensationId: granted.body.id,
      })
      .expect(422);
    expect(foreign.body.rule).toBe('DISPENSATION_NOT_FOUND');

    const declared = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/declarations`)
      .set(officer())
      .send({
        personId: id('ccg3'),
        kind: 'disclosablePecuniary',
        details: 'Partner works for a care home group',
        dispensationId: granted.body.id,
      })
      .expect(201);
    const withDispensation = item(declared.body, itemId);
    expect(withDispensation.declarations[0]).toMatchObject({ mayVote: true });
    expect(withDispensation.quorum.excludedPersonIds).toEqual([]);
  });

  it('refuses a vote on a key decision whose notice rule is not met', async () => {
    const res = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${items.late}/show-of-hands`)
      .set(officer())
      .send({ hands: [] })
      .expect(422);
    expect(res.body.rule).toBe('KEY_DECISION_NOTICE_NOT_MET');
    expect(res.body.explanation).toEqual(
      expect.arrayContaining(['no forward plan notice was published']),
    );
  });

  it('accepts a key decision taken under special urgency, and a late report with the chair’s reasons', async () => {
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer())
      .send({ title: 'Winter discharge fund', keyDecision: true, reportPublishedOn: '2025-09-02' })
      .expect(201);
    const itemId = added.body.agenda[added.body.agenda.length - 1].id as string;
    const codes = (body: object) =>
      item(body as never, itemId).notices.verdicts.map((v: { code: string }) => v.code);
    expect(codes(added.body)).toEqual(
      expect.arrayContaining(['KEY_DECISION_NOTICE_NOT_MET', 'REPORT_LATE']),
    );

    const bad = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/notice-routes`)
      .set(officer())
      .send({ specialUrgency: { agreedBy: 'mayor', name: 'X', agreedOn: '2025-09-01' } })
      .expect(422);
    expect(bad.body.code).toBe('INVALID_INPUT');

    const routed = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/notice-routes`)
      .set(officer())
      .send({
        specialUrgency: {
          agreedBy: 'scrutinyChair',
          name: 'Cllr Jan Cole',
          agreedOn: '2025-09-01',
        },
        lateItemSpecialCircumstances:
          'NHS England confirmed the fund allocation on 1 September; the decision cannot wait for the next meeting.',
      })
      .expect(200);
    expect(codes(routed.body)).toEqual(
      expect.arrayContaining(['KEY_DECISION_SPECIAL_URGENCY', 'REPORT_LATE_ITEM_ACCEPTED']),
    );
    expect(item(routed.body, itemId).notices.ok).toBe(true);
  });

  it('refuses a vote and minutes approval when inquorate, then approves the minutes with amendments once quorate', async () => {
    const next = await api()
      .post('/api/meetings')
      .set(officer())
      .send({ body: world.ids.bodies.jcb, meetingDate: NEXT_MEETING, title: 'JCB, 2 October 2025' })
      .expect(201);
    const nextId = next.body.id as string;
    clock.set(`${NEXT_MEETING}T18:00:00Z`);
    const withItem = await api()
      .post(`/api/meetings/${nextId}/agenda-items`)
      .set(officer())
      .send({ title: 'Reablement service', keyDecision: false, reportPublishedOn: '2025-09-18' })
      .expect(201);
    const reablement = withItem.body.agenda[0].id as string;
    const inquorate = await api()
      .put(`/api/meetings/${nextId}/attendance`)
      .set(officer())
      .send([
        { personId: id('cab1'), status: 'present' },
        { personId: id('cab2'), status: 'present' },
        { personId: id('ccg1'), status: 'present' },
        { personId: id('ccg2'), status: 'apologies' },
      ])
      .expect(200);
    expect(inquorate.body.quorum.quorate).toBe(false);
    expect(inquorate.body.quorum.explanation).toEqual(
      expect.arrayContaining(['CCG members present and counted: 1, at least 2 needed: not met']),
    );

    const vote = await api()
      .post(`/api/meetings/${nextId}/agenda-items/${reablement}/show-of-hands`)
      .set(officer())
      .send({
        hands: ['cab1', 'cab2', 'ccg1'].map((k) => ({ personId: id(k), hand: 'for' })),
      })
      .expect(422);
    expect(vote.body.rule).toBe('VOTE_WHEN_INQUORATE');
    expect(vote.body.explanation).toEqual(
      expect.arrayContaining(['not quorate: no decision can be taken']),
    );

    const minutes = {
      previousMeetingId: meetingId,
      amendments: ['Item 2: "Dr Eve Long" sent apologies'],
    };
    const refused = await api()
      .post(`/api/meetings/${nextId}/minutes-approval`)
      .set(officer())
      .send(minutes)
      .expect(422);
    expect(refused.body.rule).toBe('MINUTES_WHEN_INQUORATE');
    expect(await count('minutes_approvals')).toBe(0);

    await api()
      .put(`/api/meetings/${nextId}/attendance`)
      .set(officer())
      .send([
        { personId: id('cab1'), status: 'present' },
        { personId: id('cab2'), status: 'present' },
        { personId: id('ccg1'), status: 'present' },
        { personId: id('ccg2'), status: 'present' },
      ])
      .expect(200);
    const approved = await api()
      .post(`/api/meetings/${nextId}/minutes-approval`)
      .set(officer())
      .send(minutes)
      .expect(201);
    expect(approved.body.minutesApproved).toEqual([
      expect.objectContaining({
        previousMeetingId: meetingId,
        previousMeetingDate: MEETING,
        amendments: minutes.amendments,
        quorumExplanation: expect.arrayContaining(['quorate']),
      }),
    ]);
    const twice = await api()
      .post(`/api/meetings/${nextId}/minutes-approval`)
      .set(officer())
      .send(minutes)
      .expect(422);
    expect(twice.body.rule).toBe('MINUTES_ALREADY_APPROVED');
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
