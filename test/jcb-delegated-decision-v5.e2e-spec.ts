import { INestApplication } from '@nestjs/common';
import { tenantScope, scopeOf } from '../libs/core/tenant-scope';
import request from 'supertest';
import { addJcbAuthorities } from '../libs/demo/jcb-authorities.service';
import { BodyRulesRepository } from '../libs/directory/body-rules.repository';
import { BodyRepository } from '../libs/directory/body.repository';
import type { CaseView } from '../libs/engine/case-view.service';
import { ReplayOpenCasesUseCase } from '../libs/engine/replay-open-cases.use-case';
import { CaseRepository } from '../libs/engine/case.repository';
import { jcbRules, type BodyRules } from '../libs/governance/body-rules.schema';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';
import { jcbDelegatedDecisionV5 } from '../libs/workflows/jcb-delegated-decision/jcb-delegated-decision-v5.template';
import { jsonbOrder } from '../libs/workflows/template-step.service';

/*
 * Version 5 of the JCB delegated decision through the API: a Board of 3 Cabinet members and 3
 * members for the Integrated Care Board, with Healthwatch co-opted (ToR 2.3: "other agency
 * representatives may be co-opted as necessary"). The council's directory holds the Board's rules:
 * 4 present with 2 from each of council and ICB, consensus of both (ToR 8.1-8.3); the Healthwatch
 * seat is a constituency of its own, neither a minimum nor a bloc. Meeting Thu 4 Sep 2025.
 */
const MEETING = '2025-09-04';
const MEMBERS = [
  ['cab1', 'Cllr Ada Fox', 'council', true],
  ['cab2', 'Cllr Ben Hart', 'council', true],
  ['cab3', 'Cllr Cara Moss', 'council', true],
  ['icb1', 'Dr Dev Shah', 'icb', false],
  ['icb2', 'Dr Eve Long', 'icb', false],
  ['icb3', 'Dr Finn Roy', 'icb', false],
  ['hw1', 'Hana Webb', 'healthwatch', false],
] as const;
/** Present: 2 council and 2 ICB members; a Cabinet member, an ICB member and Healthwatch away. */
const TWO_AND_TWO = ['cab1', 'cab2', 'icb1', 'icb3'];

const icbBoardRules = (org: (k: string) => string): BodyRules => {
  const seed = jcbRules({ council: org('council'), ccg: org('icb') });
  return {
    ...seed,
    constituencies: [
      seed.constituencies[0],
      { ...seed.constituencies[1], key: 'icb', name: 'Integrated Care Board' },
      {
        key: 'healthwatch',
        name: 'Healthwatch (co-opted, ToR 2.3)',
        organisationId: org('healthwatch'),
        categories: [],
      },
    ],
    quorum: {
      ...seed.quorum,
      minimums: [
        { category: 'council', min: 2, label: 'council members' },
        { category: 'icb', min: 2, label: 'ICB members' },
      ],
    },
    decision: { kind: 'consensus', blocs: ['council', 'icb'], source: seed.decision.source },
  };
};

type Problem = {
  code: string;
  rule?: string;
  detail: string;
  explanation?: string[];
  problems?: { message: string }[];
};
type MeetingContext = { meeting: { quorum: { quorate: boolean; explanation: string[] } } };

describe('JCB delegated decision, version 5: the Board’s rules from the directory (a co-opted Healthwatch seat)', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let app: INestApplication;
  let cases: HttpCases;
  let clock: ReturnType<typeof engineHarness>['clock'];
  const keys: Record<string, string> = {};
  const keyOf = (who: string) => (who === 'officer' ? world.keys.officer : keys[who]);
  const id = (key: string) => world.ids.people[key];

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds, {
      tweak: (spec) => {
        spec.organisations.push({
          key: 'icb',
          name: 'NHS Hampshire and Isle of Wight ICB',
          kind: 'icb',
        });
        spec.bodies.find((b) => b.key === 'jcb')!.rules = icbBoardRules;
        for (const [key, name, org, cabinetMember] of MEMBERS) {
          keys[key] = `test-${key}-${spec.slug}`;
          spec.people.push({
            key,
            name,
            email: `${key}@${spec.slug}.test`,
            organisation: org,
            isElectedMember: cabinetMember,
            apiKey: keys[key],
          });
          spec.memberships.push({
            body: 'jcb',
            person: key,
            role: 'member',
            organisation: org,
            validFrom: '2025-01-01',
          });
        }
        spec.people.push(
          {
            key: 'proper',
            name: 'Gail Price',
            email: `gail.price@${spec.slug}.test`,
            organisation: 'council',
          },
          {
            key: 'scrutinyChair',
            name: 'Cllr Jan Cole',
            email: `jan.cole@${spec.slug}.test`,
            organisation: 'council',
            isElectedMember: true,
          },
        );
        addJcbAuthorities(
          spec,
          { cabinetHealth: 'cab1', properOfficer: 'proper', scrutinyChair: 'scrutinyChair' },
          new Date('2025-01-01T00:00:00Z'),
        );
      },
    });
    clock = engineHarness(db.ds, '2025-08-01T09:00:00Z').clock;
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(() => app, keyOf);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const facts = (present: string[]) => ({
    meetingDate: MEETING,
    members: MEMBERS.map(([k, name, partner, cabinetMember]) => ({
      personId: id(k),
      name,
      partner,
      cabinetMember,
    })),
    attendance: MEMBERS.map(([k, name]) => ({
      personId: id(k),
      name,
      status: present.includes(k) ? 'present' : 'apologies',
    })),
    declarations: [],
    dispensations: [],
  });
  const handsOf = (present: string[]) => present.map((k) => ({ personId: id(k), hand: 'for' }));

  async function atTheMeeting(title: string, templateVersion = 5): Promise<CaseView> {
    clock.set('2025-08-01T09:00:00Z');
    let c = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion,
      title,
      dates: { meetingDate: MEETING },
      roles: {
        decisionMaker: world.ids.delegations.jcbDecision,
        properOfficer: world.ids.offices.properOfficer,
        urgencyApprover: world.ids.offices.scrutinyChair,
      },
    });
    clock.set(`${MEETING}T15:00:00Z`);
    c = await cases.act(c, 'officer', 'RECORD_NOTICES', {
      meetingDate: MEETING,
      itemTitle: title,
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
      reportPublishedOn: '2025-08-20',
    });
    return c;
  }

  async function refused(from: CaseView, type: string, payload: object) {
    const res = await request(app.getHttpServer())
      .post(`/api/cases/${from.id}/events`)
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .send({ type, expectedVersion: from.version, payload });
    const now = await cases.read(from.id);
    expect([now.version, now.state]).toEqual([from.version, from.state]);
    return { status: res.status, body: res.body as Problem };
  }

  const storedEvents = async (caseId: string) =>
    (await db.ds.query('SELECT type, payload FROM case_events WHERE case_id = $1 ORDER BY seq', [
      caseId,
    ])) as { type: string; payload: Record<string, unknown> }[];

  const directoryRules = async (): Promise<BodyRules> =>
    (await new BodyRepository().find(
      tenantScope(world.tenantId),
      db.ds.manager,
      world.ids.bodies.jcb,
    ))!.rules!;

  let recorded: CaseView;

  it('is quorate with 2 council and 2 ICB members present and reaches consensus without Healthwatch’s hand, the rules applied recorded with the event', async () => {
    let c = await atTheMeeting('Integrated carers support service contract');
    expect(c.template.version).toBe(5);
    c = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting: facts(TWO_AND_TWO) });
    const quorum = (c.context as MeetingContext).meeting.quorum;
    expect(quorum.quorate).toBe(true);
    expect(quorum.explanation).toEqual(
      expect.arrayContaining([
        '4 present and counted, at least 4 needed: met',
        'council members present and counted: 2, at least 2 needed: met',
        'ICB members present and counted: 2, at least 2 needed: met',
      ]),
    );
    expect(quorum.explanation.join(' ')).not.toMatch(/Healthwatch members/);
    c = await cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', {
      meeting: facts(TWO_AND_TWO),
      hands: handsOf(TWO_AND_TWO),
    });
    expect(c.state.key).toBe('draftingDecision');

    const rules = await directoryRules();
    const meetingEvents = (await storedEvents(c.id)).filter((e) =>
      ['RECORD_ATTENDANCE', 'RECORD_SHOW_OF_HANDS'].includes(e.type),
    );
    expect(meetingEvents.map((e) => e.payload.boardRules)).toEqual([
      { quorum: rules.quorum, decision: rules.decision },
      { quorum: rules.quorum, decision: rules.decision },
    ]);
    recorded = c;
  });

  it('shows why: version 4 takes the Healthwatch seat as a third partner and finds the same meeting inquorate', async () => {
    const c = await atTheMeeting('Community equipment service', 4);
    const r = await refused(c, 'RECORD_ATTENDANCE', { meeting: facts(TWO_AND_TWO) });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain(
      'Healthwatch members present and counted: 0, at least 2 needed: not met',
    );
  });

  it('counts a present Healthwatch member’s hand: against, there is no consensus of those present', async () => {
    const c = await atTheMeeting('Falls prevention service');
    const everyone = MEMBERS.map(([k]) => k as string);
    const at = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting: facts(everyone) });
    const r = await refused(at, 'RECORD_SHOW_OF_HANDS', {
      meeting: facts(everyone),
      hands: handsOf(everyone).map((h) =>
        h.personId === id('hw1') ? { ...h, hand: 'against' } : h,
      ),
    });
    expect(r.body).toMatchObject({ status: 422, code: 'GOVERNANCE_RULE_BROKEN' });
    expect(r.body.rule).toBe('CHAIR_CHOICE_REQUIRED');
  });

  it('refuses a payload claiming other rules than the directory’s, naming the rule, and records nothing', async () => {
    const c = await atTheMeeting('Home care framework');
    const rules = await directoryRules();
    const r = await refused(c, 'RECORD_ATTENDANCE', {
      meeting: facts(TWO_AND_TWO),
      boardRules: { quorum: { ...rules.quorum, total: 3 }, decision: rules.decision },
    });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'BOARD_RULES_NOT_AS_IN_DIRECTORY',
    });
    expect(r.body.explanation).toEqual([
      'the rules sent with the meeting give the Joint Commissioning Board’s quorum (the members present it needs) as 3, but the council’s directory holds 4',
      'send no rules with the meeting to apply the ones the directory holds, or change the Joint Commissioning Board’s rules in the directory first',
    ]);
    // The directory's own rules, given, are taken.
    const same = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', {
      meeting: facts(TWO_AND_TWO),
      boardRules: { quorum: rules.quorum, decision: rules.decision },
    });
    expect(same.state.key).toBe('beforeMeeting.showOfHands');
  });

  it('replays a recorded meeting identically after the Board’s rules change in the directory, while new meetings take the new rules', async () => {
    const before = await directoryRules();
    const body = (await new BodyRepository().find(
      tenantScope(world.tenantId),
      db.ds.manager,
      world.ids.bodies.jcb,
    ))!;
    // The council changes the Board's rules from the meeting's day: 5 present, 3 from each partner.
    await new BodyRulesRepository().record(scopeOf(world), db.ds.manager, body.id, {
      inForceFrom: MEETING,
      rules: {
        ...before,
        quorum: {
          ...before.quorum,
          total: 5,
          minimums: before.quorum.minimums.map((m) => ({ ...m, min: 3 })),
        },
      },
      reason: null,
      at: new Date(),
      by: { kind: 'system', tool: 'test' },
    });
    const changed = await new BodyRepository().update(
      tenantScope(world.tenantId),
      db.ds.manager,
      body,
    );
    expect(changed?.rules?.quorum.total).toBe(5);

    // cases:replay: the stored events end where the case is stored.
    const replayed = await new ReplayOpenCasesUseCase(
      db.ds.manager,
      new CaseRepository(),
    ).replayAll();
    expect(replayed.find((x) => x.caseId === recorded.id)).toMatchObject({ divergence: null });
    // The stored payloads, validated afresh outside the engine, give the same verdicts: what they
    // were judged by travels with them.
    for (const e of await storedEvents(recorded.id)) {
      if (!['RECORD_ATTENDANCE', 'RECORD_SHOW_OF_HANDS'].includes(e.type)) continue;
      const again = jcbDelegatedDecisionV5.events[e.type].payload.safeParse(e.payload);
      expect(again.success).toBe(true);
      expect(jsonbOrder(JSON.parse(JSON.stringify(again.data)))).toEqual(jsonbOrder(e.payload));
    }
    const now = await cases.read(recorded.id);
    expect([now.version, now.state.key]).toEqual([recorded.version, 'draftingDecision']);

    // A new meeting is judged by the rules as they now stand.
    const c = await atTheMeeting('Dementia support service');
    const r = await refused(c, 'RECORD_ATTENDANCE', { meeting: facts(TWO_AND_TWO) });
    expect(r.body).toMatchObject({ code: 'GOVERNANCE_RULE_BROKEN', rule: 'INQUORATE' });
    expect(JSON.stringify(r.body)).toContain('at least 5 needed: not met');
  });
});
