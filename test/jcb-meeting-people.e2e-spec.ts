import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { ManualClock } from '../libs/core/clock.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  buildJcbWorld,
  jcbHands,
  JCB_MEMBERS,
  jcbMeetingFacts,
  JcbWorld,
} from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Issue #19, item 3: "an officer can invent a quorum". The meeting facts a JCB case takes
 * (RECORD_ATTENDANCE, RECORD_SHOW_OF_HANDS) name only the Board's members on the meeting date and
 * the substitutes allowed for their seats (seed 002, JCB ToR 7.1, 8.1), as the directory holds
 * them, in every version of the template and in the meetings API alike. Board meeting Thu 4 Sep
 * 2025.
 */
const MEETING = '2025-09-04';
const ON = 'the Joint Commissioning Board on Thu 4 Sep 2025';

type Problem = { code: string; rule?: string; detail: string; explanation?: string[] };

describe('only the Board’s members and allowed substitutes make a JCB meeting’s record', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  let cases: HttpCases;
  const clock = new ManualClock(new Date('2025-08-01T09:00:00Z'));
  const keyOf = (who: string) =>
    who === 'officer' ? world.keys.officer : (world.jcbKeys as Record<string, string>)[who];
  const api = () => request(app.getHttpServer());
  const officer = () => ({ Authorization: `Bearer ${world.keys.officer}` });

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildJcbWorld(db.ds);
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(() => app, keyOf);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const notices = {
    meetingDate: MEETING,
    itemTitle: 'Integrated carers support service contract',
    keyDecision: true,
    forwardPlanPublishedOn: '2025-07-01',
    reportPublishedOn: '2025-08-20',
  };

  /** A case of `version`, its notices recorded: awaiting the meeting's attendance. */
  async function atTheMeeting(version: number): Promise<CaseView> {
    const { urgencyApprover, ...v1Roles } = world.jcbRoles;
    const opened = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: version,
      title: `Integrated carers support service contract (version ${version})`,
      dates: { meetingDate: MEETING },
      roles: version === 1 ? v1Roles : { ...v1Roles, urgencyApprover },
    });
    // The meeting's evening: its notices were given and the Board has met.
    clock.set(`${MEETING}T18:00:00Z`);
    return cases.act(opened, 'officer', 'RECORD_NOTICES', notices);
  }

  /** Everything written about a case: events, audit links, emails and other effects, deadlines. */
  const rowsOf = async (caseId: string) =>
    (
      await db.ds.query(
        `SELECT (SELECT count(*) FROM case_events WHERE case_id = $1)::int AS events,
                (SELECT count(*) FROM audit_records WHERE case_id = $1)::int AS audit,
                (SELECT count(*) FROM effects WHERE case_id = $1)::int AS effects,
                (SELECT count(*) FROM deadlines WHERE case_id = $1)::int AS deadlines`,
        [caseId],
      )
    )[0] as Record<string, number>;

  /** Sends an event that must be refused as breaking a governance rule, with nothing written. */
  async function refused(from: CaseView, type: string, payload: object): Promise<Problem> {
    const before = await rowsOf(from.id);
    const res = await api()
      .post(`/api/cases/${from.id}/events`)
      .set(officer())
      .send({ type, expectedVersion: from.version, payload });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN' },
    });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const after = await cases.read(from.id);
    expect([after.version, after.state]).toEqual([from.version, from.state]);
    expect(await rowsOf(from.id)).toEqual(before);
    return res.body as Problem;
  }

  /** The Board's seats on the meeting date, as refusals list them (by person id). */
  // Each seat's partner by the name the Board's rules give its constituency, never its key.
  const SIDE: Record<string, string> = { council: 'Council (Cabinet)', ccg: 'CCG Governing Body' };
  const seatsLine = () =>
    `the seats on ${ON}: ${JCB_MEMBERS.map(([k, name, partner]) => ({
      id: world.id(k),
      seat: `${name} (${SIDE[partner]})`,
    }))
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((s) => s.seat)
      .join(', ')}`;

  /** The meeting facts with one more person present (in their own seat, or as a substitute). */
  const withAttendee = (
    meeting: ReturnType<typeof jcbMeetingFacts>,
    who: { personId: string; name: string; substituteFor?: string },
  ) => ({ ...meeting, attendance: [...meeting.attendance, { ...who, status: 'present' }] });

  /** Four invented people, two a side, all present: a quorum no directory knows of (ids of any shape). */
  const invented = () => {
    const people = [
      ['council', 'Cllr Made Up One'],
      ['council', 'Cllr Made Up Two'],
      ['ccg', 'Dr Made Up Three'],
      ['ccg', 'Dr Made Up Four'],
    ].map(([partner, name], i) => ({
      personId: i === 0 ? `person-${i + 1}` : randomUUID(),
      name,
      partner,
    }));
    return {
      meetingDate: MEETING,
      members: people.map((p) => ({ ...p, cabinetMember: p.partner === 'council' })),
      attendance: people.map((p) => ({ personId: p.personId, name: p.name, status: 'present' })),
      declarations: [],
      dispensations: [],
    };
  };

  it.each([1, 2, 3])(
    'refuses, on version %i, an attendance of four made-up people sent through the cases API, writing nothing and emailing nobody',
    async (version) => {
      const c = await atTheMeeting(version);
      const meeting = invented();
      const problem = await refused(c, 'RECORD_ATTENDANCE', { meeting });
      expect(problem.rule).toBe('NOT_A_MEMBER');
      expect(problem.explanation).toEqual([
        `Cllr Made Up One, as the attendance records them, is not a person in the council’s directory, so not a member of ${ON}`,
        seatsLine(),
      ]);
    },
  );

  it('refuses a show of hands by made-up people after the Board’s real attendance, and emails nobody', async () => {
    const c = await atTheMeeting(3);
    const quorate = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', {
      meeting: jcbMeetingFacts(world, MEETING),
    });
    const meeting = invented();
    const problem = await refused(quorate, 'RECORD_SHOW_OF_HANDS', {
      meeting,
      hands: meeting.attendance.map((a) => ({ personId: a.personId, hand: 'for' })),
    });
    expect(problem.rule).toBe('NOT_A_MEMBER');
    expect(problem.detail).toContain('Nothing was recorded');
  });

  it('refuses a Cabinet member counted on the CCG side by the members the payload lists', async () => {
    const c = await atTheMeeting(2);
    // Only one real CCG member present: quorate only if Cllr Cara Moss counted for the CCG.
    const meeting = jcbMeetingFacts(world, MEETING, { present: ['cab1', 'cab2', 'cab3', 'ccg1'] });
    meeting.members = meeting.members.map((m) =>
      m.personId === world.id('cab3') ? { ...m, partner: 'ccg', cabinetMember: false } : m,
    );
    const problem = await refused(c, 'RECORD_ATTENDANCE', { meeting });
    expect(problem.rule).toBe('MEMBERS_NOT_AS_IN_DIRECTORY');
    expect(problem.explanation?.[0]).toBe(
      'Cllr Cara Moss’s seat represents Council (Cabinet), not CCG Governing Body',
    );
  });

  it('refuses a councillor sitting in a CCG member’s seat, as a substitute the seat does not allow', async () => {
    const c = await atTheMeeting(1);
    const meeting = withAttendee(
      jcbMeetingFacts(world, MEETING, { present: ['cab1', 'cab2', 'cab3', 'ccg1'] }),
      { personId: world.id('cabinet'), name: 'Cllr Chris Lane', substituteFor: world.id('ccg2') },
    );
    const problem = await refused(c, 'RECORD_ATTENDANCE', { meeting });
    expect(problem).toMatchObject({
      rule: 'SUBSTITUTE_NOT_IN_SCHEME',
      explanation: [
        `Cllr Chris Lane may not substitute for Dr Eve Long on ${ON}: only Dr Gus Lee may, named for the seat under the substitution scheme: JCB terms of reference 7.1 (seed 002), the scheme both partners agreed`,
      ],
    });
  });

  it('refuses a member whose seat ended before the meeting date', async () => {
    await db.ds.query(
      `INSERT INTO memberships (tenant_id, body_id, person_id, organisation_id, role, valid_from, valid_until)
       SELECT $1, $2, $3, o.id, 'member', '2025-01-01', '2025-08-31' FROM organisations o
        WHERE o.tenant_id = $1 AND o.kind = 'ccg'`,
      [world.tenantId, world.ids.bodies.jcb, world.ids.people.gp],
    );
    const c = await atTheMeeting(2);
    const meeting = withAttendee(jcbMeetingFacts(world, MEETING), {
      personId: world.id('gp'),
      name: 'Dr Sam Okafor',
    });
    const problem = await refused(c, 'RECORD_ATTENDANCE', { meeting });
    expect(problem).toMatchObject({
      rule: 'NOT_A_MEMBER',
      explanation: [
        `Dr Sam Okafor is not a member of ${ON}: record them as a substitute for a member, or not at all`,
        expect.stringContaining(`the seats on ${ON}:`),
      ],
    });
  });

  it('refuses a made-up declaration of interest, and a made-up hand among the Board’s real ones', async () => {
    const c = await atTheMeeting(2);
    const ghost = randomUUID();
    const declared = await refused(c, 'RECORD_ATTENDANCE', {
      meeting: jcbMeetingFacts(world, MEETING, {
        declarations: [{ personId: ghost, kind: 'other', nature: 'Trustee of a bidder' }],
      }),
    });
    expect(declared).toMatchObject({
      rule: 'DECLARATION_BY_NON_ATTENDEE',
      explanation: [
        `someone the council’s directory does not list declared an interest but is not in the attendance of ${ON}: only its members and their substitutes declare`,
      ],
    });

    const meeting = jcbMeetingFacts(world, MEETING);
    const quorate = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
    const hand = await refused(quorate, 'RECORD_SHOW_OF_HANDS', {
      meeting,
      hands: [...jcbHands(world), { personId: ghost, hand: 'for' }],
    });
    expect(hand).toMatchObject({
      rule: 'VOTER_NOT_ATTENDING',
      explanation: [
        `someone the council’s directory does not list showed a hand but is not in the attendance of ${ON}: only its members and their substitutes show a hand`,
      ],
    });
  });

  it('takes the CCG deputy in an absent CCG member’s seat, with their hand, through the cases API', async () => {
    const c = await atTheMeeting(3);
    const meeting = withAttendee(
      jcbMeetingFacts(world, MEETING, { present: ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg3'] }),
      { personId: world.id('sub'), name: 'Dr Gus Lee', substituteFor: world.id('ccg2') },
    );
    const quorate = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
    expect(quorate.state.key).toBe('beforeMeeting.showOfHands');
    const hands = [
      ...jcbHands(world).filter((h) => h.personId !== world.id('ccg2')),
      { personId: world.id('sub'), hand: 'for' },
    ];
    const consensus = await cases.act(quorate, 'officer', 'RECORD_SHOW_OF_HANDS', {
      meeting,
      hands,
    });
    expect(consensus.state.key).toBe('draftingDecision');
  });

  it('refuses, through the meetings API, a councillor in a CCG member’s seat, recording no attendance', async () => {
    const scheduled = await api()
      .post('/api/meetings')
      .set(officer())
      .send({ body: world.ids.bodies.jcb, meetingDate: MEETING, title: 'JCB, 4 September 2025' })
      .expect(201);
    const meetingId = scheduled.body.id as string;
    const rows = async () =>
      Number(
        (
          await db.ds.query('SELECT count(*) AS n FROM meeting_attendance WHERE meeting_id = $1', [
            meetingId,
          ])
        )[0].n,
      );
    const res = await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer())
      .send([
        ...['cab1', 'cab2', 'cab3', 'ccg1'].map((k) => ({
          personId: world.id(k),
          status: 'present',
        })),
        { personId: world.id('ccg2'), status: 'apologies' },
        { personId: world.id('cabinet'), status: 'present', substituteFor: world.id('ccg2') },
      ]);
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({
      status: 422,
      body: {
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'SUBSTITUTE_NOT_IN_SCHEME',
        explanation: [
          `Cllr Chris Lane may not substitute for Dr Eve Long on ${ON}: only Dr Gus Lee may, named for the seat under the substitution scheme: JCB terms of reference 7.1 (seed 002), the scheme both partners agreed`,
        ],
      },
    });
    expect(await rows()).toBe(0);

    // With no attendance recorded, nobody is there to declare an interest either.
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer())
      .send({ title: 'Carers breaks grant', keyDecision: false })
      .expect(201);
    const itemId = added.body.agenda[0].id as string;
    const declared = await api()
      .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/declarations`)
      .set(officer())
      .send({ personId: world.id('cab1'), kind: 'other', details: 'Trustee of a carers charity' });
    expect({ status: declared.status, body: declared.body as unknown }).toMatchObject({
      status: 422,
      body: {
        rule: 'DECLARATION_BY_NON_ATTENDEE',
        explanation: [
          `Cllr Ada Fox declared an interest but is not in the attendance of ${ON}: only its members and their substitutes declare`,
        ],
      },
    });
  });
});
