import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import type { Actor } from '../libs/core/actor.dto';
import type { CaseView } from '../libs/engine/case-view.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';
import { postSignIn } from '../libs/testing/sign-in.service';

/*
 * A JCB item decided under delegation (seed 002, JCB terms of reference): Board meeting Thu 4 Sep
 * 2025; the Summer bank holiday Mon 25 Aug 2025 is not a clear or working day.
 */
const MEETING = '2025-09-04';
const LATER_MEETING = '2025-10-02';
const MEMBERS = [
  ['cab1', 'Cllr Ada Fox', 'council', true],
  ['cab2', 'Cllr Ben Hart', 'council', true],
  ['cab3', 'Cllr Cara Moss', 'council', true],
  ['ccg1', 'Dr Dev Shah', 'ccg', false],
  ['ccg2', 'Dr Eve Long', 'ccg', false],
  ['ccg3', 'Dr Finn Roy', 'ccg', false],
] as const;

describe('JCB delegated decision, from notices to implementable', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let h: ReturnType<typeof engineHarness>;
  let app: INestApplication;
  const actors: Record<string, Actor> = {};
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds, {
      tweak: (spec) => {
        for (const [key, name, org] of MEMBERS) {
          keys[key] = `test-${key}-${spec.slug}`;
          spec.people.push({
            key,
            name,
            email: `${key}@${spec.slug}.test`,
            organisation: org,
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
        spec.people.push({
          key: 'proper',
          name: 'Gail Price',
          email: `gail.price@${spec.slug}.test`,
          organisation: 'council',
          apiKey: keys.proper,
        });
        spec.offices.push(
          {
            key: 'cabinetHealth',
            title: 'Cabinet Member for Health and Adult Social Care',
            organisation: 'council',
            holder: 'cab1',
          },
          {
            key: 'properOfficer',
            title: 'Proper Officer, Democratic Services',
            organisation: 'council',
            holder: 'proper',
          },
        );
        spec.delegations.push({
          key: 'jcbDecision',
          body: 'jcb',
          office: 'cabinetHealth',
          scope: 'jcb-delegated-decision',
          reference: 'JCB ToR 8.1; Financial Procedure Rules: Cabinet member up to £2M',
          validFrom: new Date('2025-01-01T00:00:00Z'),
          amountLimit: 2_000_000,
          conditions: [
            { kind: 'requiresJcbConsensus' },
            { kind: 'unanimousCabinetMembers', count: 3 },
          ],
        });
        // The same office under a narrower delegation, to show the limit is the directory's.
        spec.delegations.push({
          key: 'jcbSmall',
          body: 'jcb',
          office: 'cabinetHealth',
          scope: 'jcb-delegated-decision',
          reference: 'JCB resolution: Cabinet member up to £1M for the carers programme',
          validFrom: new Date('2025-01-01T00:00:00Z'),
          amountLimit: 1_000_000,
          conditions: [{ kind: 'requiresJcbConsensus' }],
        });
      },
    });
    const people: { id: string; name: string; email: string; is_officer: boolean }[] =
      await db.ds.query('SELECT id, name, email, is_officer FROM people WHERE tenant_id = $1', [
        world.tenantId,
      ]);
    for (const key of ['cab1', 'proper']) {
      const p = people.find((x) => x.id === world.ids.people[key])!;
      actors[key] = {
        kind: 'person',
        tenantId: world.tenantId,
        person: { ...p, tenantId: world.tenantId, isOfficer: p.is_officer },
      };
    }
    h = engineHarness(db.ds, '2025-08-01T09:00:00Z');
    app = await buildTestApp(db.ds, h.clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const id = (key: string) => world.ids.people[key];
  const meeting = (
    meetingDate = MEETING,
    opts: { present?: string[]; declarations?: object[] } = {},
  ) => {
    const present = opts.present ?? MEMBERS.map(([k]) => k);
    return {
      meetingDate,
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
      declarations: opts.declarations ?? [],
      dispensations: [],
    };
  };
  const allFor = (except: Record<string, string> = {}, present = MEMBERS.map(([k]) => k)) =>
    present.map((k) => ({ personId: id(k), hand: except[k] ?? 'for' }));
  const notices = (over: object = {}) => ({
    meetingDate: MEETING,
    itemTitle: 'Integrated carers support service contract',
    keyDecision: true,
    forwardPlanPublishedOn: '2025-07-01',
    reportPublishedOn: '2025-08-20',
    ...over,
  });
  const decision = (over: object = {}) => ({
    decidedOn: MEETING,
    decision: 'Award the integrated carers support contract to Carers Together CIC',
    reasons: 'Best quality and price in the tender; supported by both partners',
    alternativesRejected: ['Extend the current contracts', 'Bring the service in house'],
    amount: 1_500_000,
    actingAs: 'cabinetMember',
    cabinetMembersAgreeing: [id('cab1'), id('cab2'), id('cab3')],
    ...over,
  });

  async function send(caseId: string, type: string, payload: object, who?: Actor) {
    const { version } = await h.views.get(world.tenantId, caseId);
    await h.send.send(caseId, { type, payload: { ...payload } }, who ?? world.actors.officer, {
      expectedVersion: version,
    });
    return h.views.get(world.tenantId, caseId);
  }
  const problems = (e: unknown) =>
    ((e as { problems?: { message: string }[] }).problems ?? []).map((p) => p.message);
  async function refusal(p: Promise<unknown>) {
    try {
      await p;
    } catch (e) {
      return { code: (e as { code: string }).code, messages: problems(e) };
    }
    throw new Error('expected a refusal');
  }

  async function openCase(
    title = 'Integrated carers support service contract',
    delegation = 'jcbDecision',
  ) {
    h.clock.set('2025-08-01T09:00:00Z');
    const { caseId } = await h.open.open(
      {
        // Version 1, which cases opened before version 2 still run on (test/jcb-urgency covers 2).
        template: 'jcb-delegated-decision',
        templateVersion: 1,
        title,
        dates: { meetingDate: MEETING },
        roles: {
          decisionMaker: world.ids.delegations[delegation],
          properOfficer: world.ids.offices.properOfficer,
        },
      },
      world.actors.officer,
    );
    // The meeting's evening: its notices, attendance, hands, decision and signatures have happened.
    h.clock.set(`${MEETING}T18:00:00Z`);
    return caseId;
  }
  async function toShowOfHands(caseId: string) {
    await send(caseId, 'RECORD_NOTICES', notices());
    return send(caseId, 'RECORD_ATTENDANCE', { meeting: meeting() });
  }

  let journeyCase: string;

  it('runs notices → quorate meeting → consensus → decision → both signatures → publication → call-in period → implementable', async () => {
    const caseId = await openCase();
    journeyCase = caseId;

    const late = await refusal(
      send(caseId, 'RECORD_NOTICES', notices({ reportPublishedOn: '2025-09-01' })),
    );
    expect(late.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(late.messages).toEqual([expect.stringMatching(/^REPORT_LATE: .*at least 5 needed/)]);

    const noticed = await send(caseId, 'RECORD_NOTICES', notices());
    expect(noticed.state.key).toBe('beforeMeeting.meeting');

    const quorate = await send(caseId, 'RECORD_ATTENDANCE', { meeting: meeting() });
    expect(quorate.state.summary).toBe(
      `Quorate: awaiting the show of hands at the meeting on ${MEETING}`,
    );

    const consensus = await send(caseId, 'RECORD_SHOW_OF_HANDS', {
      meeting: meeting(),
      hands: allFor(),
    });
    expect(consensus.state.key).toBe('awaitingDecision');

    // Only the delegate may decide.
    await expect(send(caseId, 'RECORD_DECISION', decision())).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    const decided = await send(caseId, 'RECORD_DECISION', decision(), actors.cab1);
    expect(decided.state.summary).toBe(
      'Awaiting the Decision Notice signature of the decision maker and the Proper Officer',
    );

    // Either order: the Proper Officer first.
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.proper);
    const signed = await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.cab1);
    expect(signed.state.key).toBe('awaitingPublication');

    h.clock.set('2025-09-05T09:00:00Z');
    const published = await send(caseId, 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
    expect(published.state.summary).toBe(
      'Published: call-in period ends 2025-09-12; implementable from 2025-09-15 if not called in',
    );
    expect(published.openDeadlines.map((d) => [d.key, d.dueAt])).toEqual([
      ['callIn', '2025-09-12T23:00:00.000Z'],
    ]);

    h.clock.set('2025-09-12T23:30:00Z');
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    const done = await h.views.get(world.tenantId, caseId);
    expect(done.state.key).toBe('implementable');
    expect(done.state.closed).toBe(true);
    expect(done.state.summary).toContain('Implementable from 2025-09-15');
    expect((await h.audit.verifyCase(world.tenantId, caseId)).ok).toBe(true);
  });

  it('refuses an inquorate meeting with the quorum explanation, and writes nothing', async () => {
    const caseId = await openCase();
    await send(caseId, 'RECORD_NOTICES', notices());
    const before = await h.views.get(world.tenantId, caseId);
    const r = await refusal(
      send(caseId, 'RECORD_ATTENDANCE', {
        meeting: meeting(MEETING, { present: ['cab1', 'cab2', 'cab3', 'ccg1'] }),
      }),
    );
    expect(r.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(r.messages).toEqual([
      expect.stringMatching(
        /^INQUORATE: .*CCG members present and counted: 1, at least 2 needed: not met/,
      ),
    ]);
    expect((await h.views.get(world.tenantId, caseId)).version).toBe(before.version);
  });

  it('excludes a member with a disclosable pecuniary interest and refuses their vote', async () => {
    const caseId = await openCase();
    await send(caseId, 'RECORD_NOTICES', notices());
    const declarations = [
      { personId: id('ccg3'), kind: 'disclosablePecuniary', nature: 'Trustee of a bidder' },
    ];
    const m = meeting(MEETING, { declarations });
    await send(caseId, 'RECORD_ATTENDANCE', { meeting: m });
    const r = await refusal(send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: m, hands: allFor() }));
    expect(r.messages).toEqual([expect.stringMatching(/^VOTER_EXCLUDED: Dr Finn Roy is excluded/)]);
    const ok = await send(caseId, 'RECORD_SHOW_OF_HANDS', {
      meeting: m,
      hands: allFor({}, ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2']),
    });
    expect(ok.state.key).toBe('awaitingDecision');
  });

  it('defers without consensus, reconsiders at a later meeting and then reaches consensus', async () => {
    const caseId = await openCase();
    await toShowOfHands(caseId);
    const noChoice = await refusal(
      send(caseId, 'RECORD_SHOW_OF_HANDS', {
        meeting: meeting(),
        hands: allFor({ ccg2: 'against' }),
      }),
    );
    expect(noChoice.messages).toEqual([expect.stringMatching(/^CHAIR_CHOICE_REQUIRED: /)]);
    const deferred = await send(caseId, 'RECORD_SHOW_OF_HANDS', {
      meeting: meeting(),
      hands: allFor({ ccg2: 'against' }),
      chairChoice: { outcome: 'deferred', consultedThosePresent: true },
    });
    expect(deferred.state.key).toBe('deferred');
    h.clock.set(`${LATER_MEETING}T18:00:00Z`);
    const again = await send(caseId, 'RECONSIDER', {
      talkedOn: '2025-09-10',
      note: 'The Chair and the CCG lead agreed a revised specification',
      meetingDate: LATER_MEETING,
    });
    expect(again.state.summary).toBe(
      `Awaiting attendance and declarations at the meeting on ${LATER_MEETING}`,
    );
    await send(caseId, 'RECORD_ATTENDANCE', { meeting: meeting(LATER_MEETING) });
    const agreed = await send(caseId, 'RECORD_SHOW_OF_HANDS', {
      meeting: meeting(LATER_MEETING),
      hands: allFor(),
    });
    expect(agreed.state.key).toBe('awaitingDecision');
  });

  it('refuses £2.5M by a Cabinet member, and £1.5M agreed by only 2 of 3 Cabinet members', async () => {
    const caseId = await openCase();
    await toShowOfHands(caseId);
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    const over = await refusal(
      send(caseId, 'RECORD_DECISION', decision({ amount: 2_500_000 }), actors.cab1),
    );
    expect(over.messages).toEqual([
      expect.stringMatching(/^OVER_LIMIT: .*£2,500,000 against a limit of £2,000,000: not met/),
    ]);
    const two = await refusal(
      send(
        caseId,
        'RECORD_DECISION',
        decision({ cabinetMembersAgreeing: [id('cab1'), id('cab2')] }),
        actors.cab1,
      ),
    );
    expect(two.messages).toEqual([
      expect.stringMatching(/^CONDITION_NOT_MET: .*2 of 3 agree: not met/),
    ]);
    expect((await h.views.get(world.tenantId, caseId)).state.key).toBe('awaitingDecision');
  });

  it('suspends implementability on call-in until the outcome confirms the decision', async () => {
    h.clock.set('2025-08-01T09:00:00Z');
    const caseId = await openCase();
    await toShowOfHands(caseId);
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    await send(caseId, 'RECORD_DECISION', decision(), actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.proper);
    h.clock.set('2025-09-05T09:00:00Z');
    await send(caseId, 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
    h.clock.set('2025-09-10T09:00:00Z');
    const called = await send(caseId, 'CALL_IN', {
      calledInOn: '2025-09-10',
      calledInBy: 'Cllr Gray and Cllr Hunt',
      reasons: 'The consultation with carers was too short',
    });
    expect(called.state.key).toBe('callInPeriod.suspended');
    expect(called.openDeadlines).toEqual([]);
    h.clock.set('2025-09-16T09:00:00Z');
    // Other cases' deadlines may fire; this case has none armed while suspended.
    await h.sweep.sweep();
    expect((await h.views.get(world.tenantId, caseId)).state.key).toBe('callInPeriod.suspended');
    h.clock.set('2025-09-22T09:00:00Z');
    const confirmed = await send(caseId, 'RECORD_CALL_IN_OUTCOME', {
      result: 'decisionConfirmed',
      recordedOn: '2025-09-22',
      minuteReference: 'HOSP 22 Sep 2025, minute 5',
    });
    expect(confirmed.state.key).toBe('implementable');
    expect(confirmed.state.summary).toContain('Implementable from 2025-09-22');
  });

  it('refuses a publication or call-in that could not have happened, naming its rule, over HTTP', async () => {
    const caseId = await openCase('Impossible dates');
    await toShowOfHands(caseId);
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    await send(caseId, 'RECORD_DECISION', decision(), actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.proper);
    h.clock.set('2025-09-05T09:00:00Z');
    const post = async (type: string, payload: object) => {
      const { version } = await h.views.get(world.tenantId, caseId);
      return request(app.getHttpServer())
        .post(`/api/cases/${caseId}/events`)
        .set({ Authorization: `Bearer ${world.keys.officer}` })
        .send({ type, expectedVersion: version, payload });
    };
    const tomorrow = await post('RECORD_PUBLICATION', { publishedOn: '2025-09-06' });
    expect(tomorrow.status).toBe(422);
    expect(tomorrow.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'RECORDED_DATE_IN_THE_FUTURE',
      explanation: [
        'the publication of the Decision Notice is dated Sat 6 Sep 2025, after today, Fri 5 Sep 2025 (London)',
        expect.any(String),
      ],
    });
    const beforeDecision = await post('RECORD_PUBLICATION', { publishedOn: '2025-09-03' });
    expect(beforeDecision.status).toBe(422);
    expect(beforeDecision.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'RECORDED_DATE_BEFORE_ITS_STEP',
      explanation: [
        'the publication of the Decision Notice is dated Wed 3 Sep 2025, before the decision on Thu 4 Sep 2025',
        expect.any(String),
      ],
    });
    expect((await post('RECORD_PUBLICATION', { publishedOn: '2025-09-05' })).status).toBe(200);
    // The call-in period ends Fri 12 Sep 2025; a call-in recorded later, dated after it.
    h.clock.set('2025-09-15T09:00:00Z');
    const late = await post('CALL_IN', {
      calledInOn: '2025-09-15',
      calledInBy: 'Cllr Gray',
      reasons: 'Too late',
    });
    expect(late.status).toBe(422);
    expect(late.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'CALL_IN_OUT_OF_TIME',
      explanation: [
        'the call-in is dated Mon 15 Sep 2025, after the last day of the call-in period on Fri 12 Sep 2025',
        expect.any(String),
      ],
    });
    const early = await post('CALL_IN', {
      calledInOn: '2025-09-04',
      calledInBy: 'Cllr Gray',
      reasons: 'Too early',
    });
    expect(early.body).toMatchObject({ rule: 'CALL_IN_BEFORE_PUBLICATION' });
    // A call-in within its period, recorded late, is taken.
    expect(
      (
        await post('CALL_IN', {
          calledInOn: '2025-09-12',
          calledInBy: 'Cllr Gray',
          reasons: 'In time',
        })
      ).status,
    ).toBe(200);
  });

  it('serves the reg 12 Decision Notice as JSON and as a printable page', async () => {
    const auth = { Authorization: `Bearer ${world.keys.officer}` };
    const res = await request(app.getHttpServer())
      .get(`/api/cases/${journeyCase}/decision-notice`)
      .set(auth)
      .expect(200);
    expect(res.body).toMatchObject({
      decision: 'Award the integrated carers support contract to Carers Together CIC',
      decidedOn: MEETING,
      reasons: 'Best quality and price in the tender; supported by both partners',
      alternativesRejected: ['Extend the current contracts', 'Bring the service in house'],
      interests: [],
      keyDecision: true,
      decisionMaker: { name: 'Cllr Ada Fox' },
      properOfficer: { name: 'Gail Price' },
      publishedOn: '2025-09-05',
      callIn: { status: 'the call-in period passed without call-in' },
      implementableFrom: '2025-09-15',
      rulesVersion: 'rules as at version 1 of the jcb-delegated-decision workflow',
    });
    expect(res.body.decisionMaker.authority).toContain('may be decided under this delegation');

    const page = await request(app.getHttpServer())
      .get(`/api/cases/${journeyCase}/decision-notice.html`)
      .set(auth)
      .expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    for (const words of [
      'Decision Notice',
      'Award the integrated carers support contract',
      'Alternatives considered and rejected',
      'Authority acted under',
      'Key decision',
      'Implementable from',
      'Monday 15 September 2025',
      'How it was counted:',
      'No interests were declared.',
    ])
      expect(page.text).toContain(words);
    // A notice for the public gives its dates in words, never as the database keeps them.
    expect(page.text).not.toMatch(/>\s*\d{4}-\d{2}-\d{2}/);
  });

  it('answers 409 for a case that has not reached a decision', async () => {
    const caseId = await openCase();
    const res = await request(app.getHttpServer())
      .get(`/api/cases/${caseId}/decision-notice`)
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .expect(409);
    expect(res.body.code).toBe('EVENT_NOT_ALLOWED');
  });

  async function publish(caseId: string, over: object = {}) {
    await send(caseId, 'RECORD_NOTICES', notices(over));
    await send(caseId, 'RECORD_ATTENDANCE', { meeting: meeting() });
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    await send(caseId, 'RECORD_DECISION', decision(), actors.cab1);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.proper);
    await send(caseId, 'SIGN_NOTICE', { signedOn: MEETING }, actors.cab1);
    h.clock.set('2025-09-05T09:00:00Z');
    return send(caseId, 'RECORD_PUBLICATION', { publishedOn: '2025-09-05' });
  }

  it('publishes notices in the public register, without sign-in, and never shows a Part 2 item’s content', async () => {
    const open = await openCase('Carers contract');
    await publish(open);
    const exempt = await openCase('Care home block purchase');
    await publish(exempt, {
      itemTitle: 'Care home block purchase: commercial terms',
      privateItem: {
        noticePublishedOn: '2025-07-01',
        reasons: 'Information about the financial affairs of a provider (Schedule 12A para 3)',
      },
    });
    const [{ slug }]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );

    const list = await request(app.getHttpServer()).get(`/register/${slug}`).expect(200);
    expect(list.text).toContain('Integrated carers support service contract');
    expect(list.text).toContain('Withheld: exempt information (Part 2)');
    expect(list.text).not.toContain('commercial terms');

    const page = await request(app.getHttpServer()).get(`/register/${slug}/${open}`).expect(200);
    expect(page.text).toContain(
      'Award the integrated carers support contract to Carers Together CIC',
    );
    const hidden = await request(app.getHttpServer())
      .get(`/register/${slug}/${exempt}`)
      .expect(200);
    expect(hidden.text).toContain('Schedule 12A para 3');
    expect(hidden.text).not.toContain('Carers Together');
    expect(hidden.text).not.toContain('commercial terms');

    const filtered = await request(app.getHttpServer())
      .get(`/register/${slug}?keyDecision=no`)
      .expect(200);
    expect(filtered.text).toContain('0 decisions');
    await request(app.getHttpServer()).get(`/register/${slug}?from=yesterday`).expect(422);
    await request(app.getHttpServer()).get(`/register/no-such-council`).expect(404);
  });

  it('exports the register as CSV for the governance lead only', async () => {
    await StaffAuthService.createAccount(db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.governanceLead,
      role: 'governance_lead',
      password: 'lead-pass-2',
      at: h.clock.now(),
    });
    const lead = request.agent(app.getHttpServer());
    const email = world.emailOf('governanceLead');
    expect((await postSignIn(lead, { email, password: 'lead-pass-2' })).status).toBe(303);
    const csv = await lead.get('/cases/register.csv').expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'case,item,decision,decided on,decision maker,acting as,key decision,published on,call-in,implementable from,exempt',
    );
    expect(lines.length).toBeGreaterThan(1);
    await request(app.getHttpServer()).get('/cases/register.csv').expect(303);
  });

  describe('through the HTTP API, each step sent with the right person’s API key', () => {
    type Problem = { code: string; problems?: { message: string }[] };
    const server = () => request(app.getHttpServer());
    const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
    const officer = () => world.keys.officer;

    async function read(caseId: string): Promise<CaseView> {
      const res = await server().get(`/api/cases/${caseId}`).set(bearer(officer())).expect(200);
      return res.body as CaseView;
    }

    async function openOverHttp(): Promise<CaseView> {
      h.clock.set('2025-08-01T09:00:00Z');
      const res = await server()
        .post('/api/cases')
        .set(bearer(officer()))
        .send({
          template: 'jcb-delegated-decision',
          templateVersion: 1,
          title: 'Integrated carers support service contract',
          dates: { meetingDate: MEETING },
          roles: {
            decisionMaker: world.ids.delegations.jcbDecision,
            properOfficer: world.ids.offices.properOfficer,
          },
        });
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
      h.clock.set(`${MEETING}T18:00:00Z`);
      return res.body as CaseView;
    }

    /** Posts an event at the version the caller last saw. */
    const post = (caseId: string, key: string, type: string, version: number, payload: object) =>
      server()
        .post(`/api/cases/${caseId}/events`)
        .set(bearer(key))
        .send({ type, expectedVersion: version, payload });

    /** Sends an event that must be accepted, and returns the case as the response shows it. */
    async function accepted(
      from: CaseView,
      key: string,
      type: string,
      payload: object,
    ): Promise<CaseView> {
      const res = await post(from.id, key, type, from.version, payload);
      expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 200 });
      const view = res.body as CaseView;
      expect(view.version).toBe(from.version + 1);
      return view;
    }

    /** Sends an event that must be refused with a problem, and checks the case is unchanged. */
    async function refusedWith(
      from: CaseView,
      key: string,
      type: string,
      payload: object,
      status: number,
    ): Promise<{ code: string; messages: string[] }> {
      const res = await post(from.id, key, type, from.version, payload);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.body as Problem;
      const now = await read(from.id);
      expect(now.version).toBe(from.version);
      expect(now.state).toEqual(from.state);
      return { code: body.code, messages: (body.problems ?? []).map((p) => p.message) };
    }

    async function quorateMeeting(): Promise<CaseView> {
      const opened = await openOverHttp();
      const noticed = await accepted(opened, officer(), 'RECORD_NOTICES', notices());
      return accepted(noticed, officer(), 'RECORD_ATTENDANCE', { meeting: meeting() });
    }

    it('takes a decision from notices through consensus, signatures, publication and the call-in period to implementable, then serves its Decision Notice', async () => {
      const opened = await openOverHttp();
      expect(opened.version).toBe(1);
      expect(opened.state).toEqual({
        key: 'beforeMeeting.notices',
        summary: `Awaiting the notice checks for the meeting on ${MEETING}`,
        closed: false,
      });

      const noticed = await accepted(opened, officer(), 'RECORD_NOTICES', notices());
      expect(noticed.state).toMatchObject({
        key: 'beforeMeeting.meeting',
        summary: `Awaiting attendance and declarations at the meeting on ${MEETING}`,
      });

      const quorate = await accepted(noticed, officer(), 'RECORD_ATTENDANCE', {
        meeting: meeting(),
      });
      expect(quorate.state).toMatchObject({
        key: 'beforeMeeting.showOfHands',
        summary: `Quorate: awaiting the show of hands at the meeting on ${MEETING}`,
      });

      const consensus = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
        meeting: meeting(),
        hands: allFor(),
      });
      expect(consensus.state.key).toBe('awaitingDecision');

      // Only the delegate (the Cabinet member holding the office) may decide.
      const notTheDelegate = await refusedWith(
        consensus,
        officer(),
        'RECORD_DECISION',
        decision(),
        403,
      );
      expect(notTheDelegate.code).toBe('NOT_AUTHORISED');

      const decided = await accepted(consensus, keys.cab1, 'RECORD_DECISION', decision());
      expect(decided.state.summary).toBe(
        'Awaiting the Decision Notice signature of the decision maker and the Proper Officer',
      );

      const properSigned = await accepted(decided, keys.proper, 'SIGN_NOTICE', {
        signedOn: MEETING,
      });
      expect(properSigned.state.summary).toBe(
        'Awaiting the Decision Notice signature of the decision maker',
      );
      const signed = await accepted(properSigned, keys.cab1, 'SIGN_NOTICE', { signedOn: MEETING });
      expect(signed.state).toMatchObject({
        key: 'awaitingPublication',
        summary: 'Decision Notice signed: awaiting publication',
      });

      h.clock.set('2025-09-05T09:00:00Z');
      const published = await accepted(signed, officer(), 'RECORD_PUBLICATION', {
        publishedOn: '2025-09-05',
      });
      expect(published.state).toMatchObject({
        key: 'callInPeriod.running',
        summary:
          'Published: call-in period ends 2025-09-12; implementable from 2025-09-15 if not called in',
        closed: false,
      });
      expect(published.openDeadlines.map((d) => [d.key, d.dueAt])).toEqual([
        ['callIn', '2025-09-12T23:00:00.000Z'],
      ]);

      // The worker's sweep, on the clock the API shares: the call-in period passes.
      h.clock.set('2025-09-12T23:30:00Z');
      const swept = await app.get(DeadlineSweepService).sweep();
      expect(swept.fired).toBeGreaterThanOrEqual(1);
      const done = await read(published.id);
      expect(done.version).toBe(published.version + 1);
      expect(done.state).toEqual({
        key: 'implementable',
        summary: 'Implementable from 2025-09-15: decision taken, notice signed and published',
        closed: true,
      });
      expect(done.openDeadlines).toEqual([]);

      const notice = await server()
        .get(`/api/cases/${done.id}/decision-notice`)
        .set(bearer(officer()))
        .expect(200);
      expect(notice.body).toMatchObject({
        decision: 'Award the integrated carers support contract to Carers Together CIC',
        decidedOn: MEETING,
        decisionMaker: { name: 'Cllr Ada Fox' },
        properOfficer: { name: 'Gail Price' },
        publishedOn: '2025-09-05',
        callIn: { status: 'the call-in period passed without call-in' },
        implementableFrom: '2025-09-15',
      });
    });

    it('defers the item when one CCG member dissents and the Chair, having consulted, defers', async () => {
      const quorate = await quorateMeeting();
      const dissent = { meeting: meeting(), hands: allFor({ ccg2: 'against' }) };

      const noChoice = await refusedWith(quorate, officer(), 'RECORD_SHOW_OF_HANDS', dissent, 422);
      expect(noChoice.code).toBe('GOVERNANCE_RULE_BROKEN');
      expect(noChoice.messages).toEqual([expect.stringMatching(/^CHAIR_CHOICE_REQUIRED: /)]);

      const deferred = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
        ...dissent,
        chairChoice: { outcome: 'deferred', consultedThosePresent: true },
      });
      expect(deferred.state.key).toBe('deferred');
      expect(deferred.state.closed).toBe(false);

      // No decision can be taken on a deferred item.
      const tooSoon = await refusedWith(deferred, keys.cab1, 'RECORD_DECISION', decision(), 409);
      expect(tooSoon.code).toBe('EVENT_NOT_ALLOWED');
    });

    it('refuses the attendance and the vote of a meeting with only one CCG member present, as inquorate', async () => {
      const opened = await openOverHttp();
      const noticed = await accepted(opened, officer(), 'RECORD_NOTICES', notices());
      const oneCcg = meeting(MEETING, { present: ['cab1', 'cab2', 'cab3', 'ccg1'] });

      const attendance = await refusedWith(
        noticed,
        officer(),
        'RECORD_ATTENDANCE',
        { meeting: oneCcg },
        422,
      );
      expect(attendance.code).toBe('GOVERNANCE_RULE_BROKEN');
      expect(attendance.messages).toEqual([
        expect.stringMatching(
          /^INQUORATE: .*CCG members present and counted: 1, at least 2 needed: not met/,
        ),
      ]);

      // A quorate roll cannot be swapped for an inquorate one at the vote either.
      const quorate = await accepted(noticed, officer(), 'RECORD_ATTENDANCE', {
        meeting: meeting(),
      });
      const vote = await refusedWith(
        quorate,
        officer(),
        'RECORD_SHOW_OF_HANDS',
        { meeting: oneCcg, hands: allFor({}, ['cab1', 'cab2', 'cab3', 'ccg1']) },
        422,
      );
      expect(vote.code).toBe('GOVERNANCE_RULE_BROKEN');
      expect(vote.messages).toEqual([
        'VOTE_WHEN_INQUORATE: the meeting is not quorate for this item: no vote can be taken, so no hands are recorded',
      ]);
    });

    it('excludes a member with a disclosable pecuniary interest from the vote and recomputes the quorum without them', async () => {
      const opened = await openOverHttp();
      const noticed = await accepted(opened, officer(), 'RECORD_NOTICES', notices());
      const dpi = (who: string) => [
        { personId: id(who), kind: 'disclosablePecuniary', nature: 'Trustee of a bidder' },
      ];

      // With only two CCG members present, excluding one leaves the meeting inquorate.
      const twoCcg = meeting(MEETING, {
        present: ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2'],
        declarations: dpi('ccg2'),
      });
      const inquorate = await refusedWith(
        noticed,
        officer(),
        'RECORD_ATTENDANCE',
        { meeting: twoCcg },
        422,
      );
      expect(inquorate.code).toBe('GOVERNANCE_RULE_BROKEN');
      expect(inquorate.messages).toEqual([
        expect.stringMatching(
          /^INQUORATE: .*CCG members present and counted: 1, at least 2 needed/,
        ),
      ]);

      // With all three present, the other two CCG members keep it quorate.
      const m = meeting(MEETING, { declarations: dpi('ccg3') });
      const quorate = await accepted(noticed, officer(), 'RECORD_ATTENDANCE', { meeting: m });
      expect(quorate.state.key).toBe('beforeMeeting.showOfHands');
      expect(JSON.stringify(quorate.context)).toMatch(
        /CCG members present and counted: 2, at least 2 needed: met/,
      );

      const excluded = await refusedWith(
        quorate,
        officer(),
        'RECORD_SHOW_OF_HANDS',
        { meeting: m, hands: allFor() },
        422,
      );
      expect(excluded.code).toBe('GOVERNANCE_RULE_BROKEN');
      expect(excluded.messages).toEqual([
        expect.stringMatching(/^VOTER_EXCLUDED: Dr Finn Roy is excluded/),
      ]);

      const agreed = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
        meeting: m,
        hands: allFor({}, ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2']),
      });
      expect(agreed.state.key).toBe('awaitingDecision');
    });

    it('refuses £2.5M decided by a Cabinet member as over the £2M limit, and changes nothing', async () => {
      const quorate = await quorateMeeting();
      const consensus = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
        meeting: meeting(),
        hands: allFor(),
      });
      const over = await refusedWith(
        consensus,
        keys.cab1,
        'RECORD_DECISION',
        decision({ amount: 2_500_000 }),
        422,
      );
      expect(over.code).toBe('GOVERNANCE_RULE_BROKEN');
      expect(over.messages).toEqual([
        expect.stringMatching(/^OVER_LIMIT: .*£2,500,000 against a limit of £2,000,000: not met/),
      ]);
      expect((await read(consensus.id)).state.key).toBe('awaitingDecision');
    });

    it('refuses £1.5M agreed by only 2 of the 3 Cabinet members, and changes nothing', async () => {
      const quorate = await quorateMeeting();
      const consensus = await accepted(quorate, officer(), 'RECORD_SHOW_OF_HANDS', {
        meeting: meeting(),
        hands: allFor(),
      });
      const two = await refusedWith(
        consensus,
        keys.cab1,
        'RECORD_DECISION',
        decision({ cabinetMembersAgreeing: [id('cab1'), id('cab2')] }),
        422,
      );
      expect(two.code).toBe('GOVERNANCE_RULE_BROKEN');
      expect(two.messages).toEqual([
        expect.stringMatching(/^CONDITION_NOT_MET: .*2 of 3 agree: not met/),
      ]);
      expect((await read(consensus.id)).state.key).toBe('awaitingDecision');
    });
  });

  it('counts the council’s own call-in period when it publishes a decision', async () => {
    await db.ds.query(
      `UPDATE tenants SET settings = '{"callIn":{"periodWorkingDays":3}}' WHERE tenant_id = $1`,
      [world.tenantId],
    );
    try {
      const caseId = await openCase('Short call-in council');
      const published = await publish(caseId);
      expect(published.state.summary).toBe(
        'Published: call-in period ends 2025-09-10; implementable from 2025-09-11 if not called in',
      );
    } finally {
      await db.ds.query(`UPDATE tenants SET settings = '{}' WHERE tenant_id = $1`, [
        world.tenantId,
      ]);
    }
  });

  it('checks a decision against the limit its delegation has in the directory', async () => {
    const caseId = await openCase('Carers programme grant', 'jcbSmall');
    await toShowOfHands(caseId);
    await send(caseId, 'RECORD_SHOW_OF_HANDS', { meeting: meeting(), hands: allFor() });
    const r = await refusal(send(caseId, 'RECORD_DECISION', decision(), actors.cab1));
    expect(r.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(r.messages).toEqual([
      expect.stringMatching(/^OVER_LIMIT: .*£1,500,000 against a limit of £1,000,000: not met/),
    ]);
    await expect(
      send(caseId, 'RECORD_DECISION', decision({ amount: 900_000 }), actors.cab1),
    ).resolves.toMatchObject({
      state: { key: 'signing.decisionMaker.awaiting;signing.properOfficer.awaiting' },
    });
  });

  it('takes a key decision without the forward plan notice only under special urgency, and says so', async () => {
    const caseId = await openCase('Urgent winter beds');
    const refused = await refusal(
      send(caseId, 'RECORD_NOTICES', notices({ forwardPlanPublishedOn: null })),
    );
    expect(refused.messages).toEqual([expect.stringMatching(/^KEY_DECISION_NOTICE_NOT_MET: /)]);
    const noticed = await send(
      caseId,
      'RECORD_NOTICES',
      notices({
        forwardPlanPublishedOn: null,
        specialUrgency: {
          agreedBy: 'scrutinyChair',
          name: 'Cllr Jan Cole',
          agreedOn: '2025-08-28',
        },
      }),
    );
    expect(noticed.state.key).toBe('beforeMeeting.meeting');
    const verdicts = (
      noticed.context as { notices: { verdicts: { code: string }[] } }
    ).notices.verdicts.map((v) => v.code);
    expect(verdicts).toContain('KEY_DECISION_SPECIAL_URGENCY');
  });
});
