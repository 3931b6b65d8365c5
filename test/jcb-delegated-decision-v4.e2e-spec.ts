import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { addJcbAuthorities } from '../libs/demo/jcb-authorities.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { jcbRules } from '../libs/governance/body-rules.schema';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/*
 * Version 4 of the JCB delegated decision through the API, on a Board as councils have had them
 * since 1 July 2022: 3 Cabinet members and 3 members for the Integrated Care Board, whose seats
 * represent the partner `icb` in the council's directory. Version 3 refuses such a Board's
 * attendance (its partners are the seed's council and CCG); version 4 takes the partners the seats
 * represent, the quorum (4 present, 2 from each partner) and consensus of each. Meeting Thu 4 Sep 2025.
 */
const MEETING = '2025-09-04';
const MEMBERS = [
  ['cab1', 'Cllr Ada Fox', 'council', true],
  ['cab2', 'Cllr Ben Hart', 'council', true],
  ['cab3', 'Cllr Cara Moss', 'council', true],
  ['icb1', 'Dr Dev Shah', 'icb', false],
  ['icb2', 'Dr Eve Long', 'icb', false],
  ['icb3', 'Dr Finn Roy', 'icb', false],
] as const;

type Problem = { code: string; detail: string; problems?: { message: string }[] };

describe('JCB delegated decision, version 4: the Board’s partners from the directory (an ICB Board)', () => {
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
        const jcb = spec.bodies.find((b) => b.key === 'jcb')!;
        jcb.rules = (org) => {
          const seed = jcbRules({ council: org('council'), ccg: org('icb') });
          return {
            ...seed,
            constituencies: [
              seed.constituencies[0],
              { ...seed.constituencies[1], key: 'icb', name: 'Integrated Care Board' },
            ],
            quorum: {
              ...seed.quorum,
              minimums: [
                { category: 'council', min: 2, label: 'council members' },
                { category: 'icb', min: 2, label: 'ICB members' },
              ],
            },
            decision: { ...seed.decision, blocs: ['council', 'icb'] } as typeof seed.decision,
          };
        };
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
        keys.proper = `test-proper-${spec.slug}`;
        spec.people.push(
          {
            key: 'proper',
            name: 'Gail Price',
            email: `gail.price@${spec.slug}.test`,
            organisation: 'council',
            apiKey: keys.proper,
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

  const roles = () => ({
    decisionMaker: world.ids.delegations.jcbDecision,
    properOfficer: world.ids.offices.properOfficer,
    urgencyApprover: world.ids.offices.scrutinyChair,
  });
  const facts = (present: string[] = MEMBERS.map(([k]) => k), partnerOf = (p: string) => p) => ({
    meetingDate: MEETING,
    members: MEMBERS.map(([k, name, partner, cabinetMember]) => ({
      personId: id(k),
      name,
      partner: partnerOf(partner),
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

  async function atTheMeeting(templateVersion?: number): Promise<CaseView> {
    clock.set('2025-08-01T09:00:00Z');
    let c = await cases.open({
      template: 'jcb-delegated-decision',
      ...(templateVersion ? { templateVersion } : {}),
      title: 'Integrated carers support service contract',
      dates: { meetingDate: MEETING },
      roles: roles(),
    });
    clock.set(`${MEETING}T15:00:00Z`);
    c = await cases.act(c, 'officer', 'RECORD_NOTICES', {
      meetingDate: MEETING,
      itemTitle: 'Integrated carers support service contract',
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
      reportPublishedOn: '2025-08-20',
    });
    return c;
  }

  async function refused(from: CaseView, who: string, type: string, payload: object) {
    const res = await request(app.getHttpServer())
      .post(`/api/cases/${from.id}/events`)
      .set({ Authorization: `Bearer ${keyOf(who)}` })
      .send({ type, expectedVersion: from.version, payload });
    const now = await cases.read(from.id);
    expect([now.version, now.state]).toEqual([from.version, from.state]);
    return { status: res.status, body: res.body as Problem };
  }

  it('records the ICB Board’s meeting, consensus of both partners, and the decision drafted, taken, signed and published', async () => {
    let c = await atTheMeeting(4);
    expect(c.template.version).toBe(4);

    // The partners are the directory's: a member listed for the CCG is not the Board's seat.
    const asCcg = await refused(c, 'officer', 'RECORD_ATTENDANCE', {
      meeting: facts(undefined, (p) => (p === 'icb' ? 'ccg' : p)),
    });
    expect(asCcg).toMatchObject({ status: 422 });
    // The seat's partner by the directory's name; the partner sent, which no seat represents,
    // quoted as it was sent.
    expect(asCcg.body.detail).toContain(
      'Dr Dev Shah’s seat represents Integrated Care Board, not “ccg”, which no seat',
    );

    // Two of the three ICB members away: the ICB side is short of its 2.
    const short = await refused(c, 'officer', 'RECORD_ATTENDANCE', {
      meeting: facts(['cab1', 'cab2', 'cab3', 'icb1']),
    });
    expect(short.status).toBe(422);
    expect(JSON.stringify(short.body)).toContain(
      'ICB members present and counted: 1, at least 2 needed: not met',
    );

    const meeting = facts();
    c = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
    expect(
      (c.context as { meeting: { quorum: { explanation: string[] } } }).meeting.quorum,
    ).toEqual(
      expect.objectContaining({
        quorate: true,
        explanation: expect.arrayContaining([
          'ICB members present and counted: 3, at least 2 needed: met',
        ]),
      }),
    );

    // One ICB member against: no consensus of the ICB partner.
    const hands = MEMBERS.map(([k]) => ({ personId: id(k), hand: 'for' }));
    const dissent = await refused(c, 'officer', 'RECORD_SHOW_OF_HANDS', {
      meeting,
      hands: hands.map((h) => (h.personId === id('icb2') ? { ...h, hand: 'against' } : h)),
    });
    expect(dissent.status).toBe(422);
    c = await cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', { meeting, hands });
    expect(c.state.key).toBe('draftingDecision');

    const draft = {
      decision: 'Award the integrated carers support contract to Carers Together CIC',
      reasons: 'Best quality and price in the tender; supported by both partners',
      alternativesRejected: ['Extend the current contracts'],
      amount: 1_500_000,
      actingAs: 'cabinetMember',
    };
    const asCcgMember = await refused(c, 'officer', 'DRAFT_DECISION', {
      ...draft,
      actingAs: 'ccgMember',
    });
    expect(asCcgMember.body.problems).toEqual([
      expect.objectContaining({
        message:
          'CCGs were abolished on 1 July 2022: an NHS member of the Board decides as a member for the Integrated Care Board (icbMember)',
      }),
    ]);
    c = await cases.act(c, 'officer', 'DRAFT_DECISION', draft);
    expect((c.context as { draft: { cabinetMembersAgreeing: string[] } }).draft).toMatchObject({
      cabinetMembersAgreeing: [id('cab1'), id('cab2'), id('cab3')],
    });
    clock.set('2025-09-05T10:00:00Z');
    c = await cases.act(c, 'cab1', 'APPROVE', {});
    c = await cases.act(c, 'proper', 'APPROVE', {});
    c = await cases.act(c, 'cab1', 'APPROVE', {});
    expect(c.state.key).toBe('awaitingPublication');
    c = await cases.act(c, 'officer', 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
    expect(c.state.summary).toMatch(/^Published: call-in period ends/);
    expect(await cases.verify(c.id)).toEqual(expect.objectContaining({ ok: true }));
  });

  it('shows why: version 3 cannot record the same Board’s attendance, its partners being council and CCG', async () => {
    const c = await atTheMeeting(3);
    const r = await refused(c, 'officer', 'RECORD_ATTENDANCE', { meeting: facts() });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('partner must be council or ccg');
  });
});
