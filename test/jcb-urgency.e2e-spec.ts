import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  buildJcbWorld,
  jcbDecision,
  jcbHands,
  jcbMeetingFacts,
  JcbWorld,
} from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { StaffAuthService } from '../libs/staff/staff-auth.service';
import { postSignIn } from '../libs/testing/sign-in.service';

/*
 * Version 2 of the JCB delegated decision: a key decision exempted from call-in as urgent by the
 * Chair of the Health Overview and Scrutiny Panel (JCB ToR 6.10 and 10.1, seed 002), the case's
 * urgency approver. Board meeting Thu 4 Sep 2025; the notice published Fri 5 Sep 2025.
 */
const MEETING = '2025-09-04';
const PUBLISHED = '2025-09-05';
const REASON =
  'The provider stops trading on 30 September; waiting for the call-in period would leave 400 carers without support';

type Problem = { code: string; detail: string; problems?: { message: string }[] };
type StoredLink = {
  actor: { kind: string; name?: string };
  authority: { kind: string; officeTitle?: string };
  event: { type: string };
};

describe('JCB delegated decision, version 2: the urgency exemption from call-in', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  let cases: HttpCases;
  const server = () => request(app.getHttpServer());
  const keyOf = (who: string) =>
    who === 'officer' ? world.keys.officer : (world.jcbKeys as Record<string, string>)[who];
  const bearer = (who: string) => ({ Authorization: `Bearer ${keyOf(who)}` });
  let clock: ReturnType<typeof engineHarness>['clock'];

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildJcbWorld(db.ds);
    clock = engineHarness(db.ds, '2025-08-01T09:00:00Z').clock;
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

  async function open(over: Record<string, unknown> = {}): Promise<CaseView> {
    clock.set('2025-08-01T09:00:00Z');
    // Version 2 is the one these journeys describe (version 3 adds answers by link).
    return cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 2,
      title: 'Integrated carers support service contract',
      dates: { meetingDate: MEETING },
      roles: world.jcbRoles,
      ...over,
    });
  }

  /** Notices, a quorate meeting, consensus and the Cabinet member's decision. */
  async function decided(
    over: Record<string, unknown> = {},
    noticesOver: Record<string, unknown> = {},
  ): Promise<CaseView> {
    let c = await open(over);
    // The meeting day: the notices were given, the Board met, the decision is taken, and an
    // urgency agreed that day is not in the future.
    clock.set(`${MEETING}T15:00:00Z`);
    c = await cases.act(c, 'officer', 'RECORD_NOTICES', { ...notices, ...noticesOver });
    const meeting = jcbMeetingFacts(world, MEETING);
    c = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
    c = await cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', { meeting, hands: jcbHands(world) });
    return cases.act(c, 'cab1', 'RECORD_DECISION', jcbDecision(world, MEETING));
  }

  /** Sends an event that must be refused, and checks the case is unchanged. */
  async function refusedWith(
    from: CaseView,
    who: string,
    type: string,
    payload: object,
    status: number,
  ): Promise<{ code: string; messages: string[]; detail: string }> {
    const res = await server()
      .post(`/api/cases/${from.id}/events`)
      .set(bearer(who))
      .send({ type, expectedVersion: from.version, payload });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status });
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const now = await cases.read(from.id);
    expect(now.version).toBe(from.version);
    expect(now.state).toEqual(from.state);
    const body = res.body as Problem;
    return {
      code: body.code,
      detail: body.detail,
      messages: (body.problems ?? []).map((p) => p.message),
    };
  }

  it('opens version 2 cases, which ask who may agree urgency', async () => {
    const opened = await open();
    expect(opened.template.version).toBe(2);
    expect(opened.state.key).toBe('beforeMeeting.notices');

    const res = await server()
      .post('/api/cases')
      .set(bearer('officer'))
      .send({
        template: 'jcb-delegated-decision',
        templateVersion: 2,
        title: 'No urgency approver named',
        dates: { meetingDate: MEETING },
        roles: {
          decisionMaker: world.jcbRoles.decisionMaker,
          properOfficer: world.jcbRoles.properOfficer,
        },
      })
      .expect(422);
    expect(res.body).toMatchObject({
      code: 'INVALID_ROLE_HOLDER',
      problems: [{ path: 'roles.urgencyApprover', message: expect.stringContaining('office') }],
    });
  });

  it('exempts a key decision agreed urgent by the scrutiny chair with a reason: implementable on publication, the notice says why, and a call-in is refused', async () => {
    const signedUp = await decided();
    const exempt = await cases.act(signedUp, 'scrutinyChair', 'EXEMPT_FROM_CALL_IN', {
      agreedOn: MEETING,
      reason: REASON,
    });
    expect(exempt.state.summary).toBe(
      `Awaiting the Decision Notice signature of the decision maker and the Proper Officer (exempt from call-in as urgent, agreed by Cllr Jan Cole on ${MEETING})`,
    );
    const proper = await cases.act(exempt, 'proper', 'SIGN_NOTICE', { signedOn: MEETING });
    const signed = await cases.act(proper, 'cab1', 'SIGN_NOTICE', { signedOn: MEETING });

    clock.set('2025-09-05T09:00:00Z');
    const published = await cases.act(signed, 'officer', 'RECORD_PUBLICATION', {
      publishedOn: PUBLISHED,
    });
    expect(published.state).toEqual({
      key: 'implementable',
      summary: `Implementable from ${PUBLISHED}: exempt from call-in as urgent, agreed by Cllr Jan Cole on ${MEETING}; decision taken, notice signed and published`,
      closed: true,
    });
    expect(published.openDeadlines).toEqual([]);

    const notice = await server()
      .get(`/api/cases/${published.id}/decision-notice`)
      .set(bearer('officer'))
      .expect(200);
    expect(notice.body).toMatchObject({
      keyDecision: true,
      publishedOn: PUBLISHED,
      implementableFrom: PUBLISHED,
      callIn: {
        status: `exempt from call-in: urgent, agreed by Cllr Jan Cole (Chair, Health Overview and Scrutiny Panel) on ${MEETING}; reason: ${REASON}`,
        explanation: [
          'published Fri 5 Sep 2025',
          `exempted from call-in as urgent by Cllr Jan Cole on Thu 4 Sep 2025: "${REASON}"`,
          'implementable from Fri 5 Sep 2025',
        ],
      },
      urgencyExemption: {
        agreedBy: 'Cllr Jan Cole',
        actingAs: 'Chair, Health Overview and Scrutiny Panel',
        agreedOn: MEETING,
        reason: REASON,
      },
      rulesVersion: 'rules as at version 2 of the jcb-delegated-decision workflow',
    });
    const page = await server()
      .get(`/api/cases/${published.id}/decision-notice.html`)
      .set(bearer('officer'))
      .expect(200);
    expect(page.text).toContain('exempt from call-in: urgent, agreed by Cllr Jan Cole');

    const callIn = await refusedWith(
      published,
      'officer',
      'CALL_IN',
      { calledInOn: '2025-09-08', calledInBy: 'Cllr Gray and Cllr Hunt', reasons: 'Too hasty' },
      422,
    );
    expect(callIn.code).toBe('GOVERNANCE_RULE_BROKEN');
    expect(callIn.messages).toEqual([
      expect.stringMatching(
        /^CALL_IN_OF_EXEMPT_DECISION: the decision was exempted from call-in as urgent and cannot be called in; exempted from call-in as urgent by Cllr Jan Cole/,
      ),
    ]);

    const trail = await server()
      .get(`/api/cases/${published.id}/audit`)
      .set(bearer('officer'))
      .expect(200);
    const exemption = (trail.body as { records: StoredLink[] }).records.find(
      (r) => r.event.type === 'EXEMPT_FROM_CALL_IN',
    );
    expect(exemption).toMatchObject({
      actor: { kind: 'person', name: 'Cllr Jan Cole' },
      authority: { kind: 'office', officeTitle: 'Chair, Health Overview and Scrutiny Panel' },
      event: { agreedOn: MEETING, reason: REASON },
    });
    await expect(cases.verify(published.id)).resolves.toMatchObject({ ok: true });
  });

  it('refuses an exemption from anyone but the case’s urgency approver, and changes nothing', async () => {
    const c = await decided();
    const payload = { agreedOn: MEETING, reason: REASON };
    for (const who of ['cab1', 'officer', 'proper']) {
      const r = await refusedWith(c, who, 'EXEMPT_FROM_CALL_IN', payload, 403);
      expect(r.code).toBe('NOT_AUTHORISED');
      expect(r.detail).toContain('Scrutiny chair who may agree urgency');
    }
    const notice = await server()
      .get(`/api/cases/${c.id}/decision-notice`)
      .set(bearer('officer'))
      .expect(200);
    expect(notice.body).toMatchObject({ urgencyExemption: null });
  });

  it('refuses an exemption without a reason, with the rule’s code', async () => {
    const c = await decided();
    for (const payload of [{ agreedOn: MEETING }, { agreedOn: MEETING, reason: '   ' }]) {
      const r = await refusedWith(c, 'scrutinyChair', 'EXEMPT_FROM_CALL_IN', payload, 422);
      expect(r.code).toBe('GOVERNANCE_RULE_BROKEN');
      expect(r.messages).toEqual([
        'URGENCY_REASON_MISSING: an urgency exemption from call-in needs the reason recorded',
      ]);
    }
  });

  it('refuses an exemption asked for after the decision was published, and keeps the call-in period', async () => {
    let c = await decided();
    c = await cases.act(c, 'proper', 'SIGN_NOTICE', { signedOn: MEETING });
    c = await cases.act(c, 'cab1', 'SIGN_NOTICE', { signedOn: MEETING });
    clock.set('2025-09-05T09:00:00Z');
    c = await cases.act(c, 'officer', 'RECORD_PUBLICATION', { publishedOn: PUBLISHED });
    expect(c.state.key).toBe('callInPeriod.running');
    const late = await refusedWith(
      c,
      'scrutinyChair',
      'EXEMPT_FROM_CALL_IN',
      { agreedOn: MEETING, reason: REASON },
      422,
    );
    expect(late.messages).toEqual([
      expect.stringMatching(
        /^URGENCY_AGREED_AFTER_PUBLICATION: the decision was published on Fri 5 Sep 2025/,
      ),
    ]);
  });

  it('withholds the urgency’s reason of a Part 2 decision from its public register page, and keeps it on the officers’ notice', async () => {
    let c = await decided(
      {},
      {
        privateItem: {
          noticePublishedOn: '2025-07-01',
          reasons: 'Information about the financial affairs of a provider (Schedule 12A para 3)',
        },
      },
    );
    c = await cases.act(c, 'scrutinyChair', 'EXEMPT_FROM_CALL_IN', {
      agreedOn: MEETING,
      reason: REASON,
    });
    c = await cases.act(c, 'proper', 'SIGN_NOTICE', { signedOn: MEETING });
    c = await cases.act(c, 'cab1', 'SIGN_NOTICE', { signedOn: MEETING });
    clock.set('2025-09-05T09:00:00Z');
    c = await cases.act(c, 'officer', 'RECORD_PUBLICATION', { publishedOn: PUBLISHED });
    const [{ slug }]: { slug: string }[] = await db.ds.query(
      'SELECT slug FROM tenants WHERE tenant_id = $1',
      [world.tenantId],
    );
    const page = await server().get(`/register/${slug}/${c.id}`).expect(200);
    expect(page.text).toContain('exempt from call-in');
    expect(page.text).not.toContain('400 carers');
    const officerNotice = await server()
      .get(`/api/cases/${c.id}/decision-notice`)
      .set(bearer('officer'))
      .expect(200);
    expect(JSON.stringify(officerNotice.body)).toContain('400 carers');
  });

  it('refuses an exemption by the decision maker, even when the case names their office as the urgency approver', async () => {
    const c = await decided({
      roles: { ...world.jcbRoles, urgencyApprover: world.ids.offices.cabinetHealth },
    });
    const r = await refusedWith(
      c,
      'cab1',
      'EXEMPT_FROM_CALL_IN',
      { agreedOn: MEETING, reason: REASON },
      422,
    );
    expect(r.messages).toEqual([
      expect.stringMatching(
        /^URGENCY_APPROVED_BY_DECISION_MAKER: Cllr Ada Fox takes this decision/,
      ),
    ]);
  });

  it('refuses an urgency agreement dated after today, or before the proposal was on the forward plan', async () => {
    const c = await decided();
    for (const [agreedOn, code] of [
      ['2025-09-05', 'URGENCY_AGREED_IN_THE_FUTURE'],
      ['2019-01-01', 'URGENCY_AGREED_BEFORE_NOTICE'],
    ]) {
      const r = await refusedWith(
        c,
        'scrutinyChair',
        'EXEMPT_FROM_CALL_IN',
        { agreedOn, reason: REASON },
        422,
      );
      expect(r.messages).toEqual([expect.stringMatching(new RegExp(`^${code}: `))]);
    }
  });

  it('refuses a publication dated before the urgency was agreed', async () => {
    let c = await decided();
    clock.set('2025-09-08T09:00:00Z');
    c = await cases.act(c, 'scrutinyChair', 'EXEMPT_FROM_CALL_IN', {
      agreedOn: '2025-09-08',
      reason: REASON,
    });
    c = await cases.act(c, 'proper', 'SIGN_NOTICE', { signedOn: MEETING });
    c = await cases.act(c, 'cab1', 'SIGN_NOTICE', { signedOn: MEETING });
    const early = await refusedWith(
      c,
      'officer',
      'RECORD_PUBLICATION',
      { publishedOn: PUBLISHED },
      422,
    );
    expect(early.messages).toEqual([
      expect.stringMatching(
        /^URGENCY_AGREED_AFTER_PUBLICATION: the urgency was agreed Mon 8 Sep 2025, after the decision was published on Fri 5 Sep 2025/,
      ),
    ]);
  });

  it('keeps a case opened on version 1 on version 1, which has no urgency exemption', async () => {
    const v1 = await open({
      templateVersion: 1,
      roles: {
        decisionMaker: world.jcbRoles.decisionMaker,
        properOfficer: world.jcbRoles.properOfficer,
      },
    });
    expect(v1.template.version).toBe(1);
    const r = await refusedWith(
      v1,
      'scrutinyChair',
      'EXEMPT_FROM_CALL_IN',
      { agreedOn: MEETING, reason: REASON },
      422,
    );
    expect(r.code).toBe('UNKNOWN_EVENT');
  });

  it('asks for the urgency approver on the new-case form and opens the case on the newest version', async () => {
    const password = 'urgency-officer-pass-1';
    await StaffAuthService.createAccount(db.ds, {
      tenantId: world.tenantId,
      personId: world.ids.people.officer,
      role: 'officer',
      password,
      at: clock.now(),
    });
    const email = world.emailOf('officer');
    const officer = request.agent(app.getHttpServer());
    expect((await postSignIn(officer, { email, password })).status).toBe(303);
    const form = await officer.get('/cases/new/jcb-delegated-decision').expect(200);
    expect(form.text).toContain('version 5');
    expect(form.text).toContain('Scrutiny chair who may agree urgency');
    expect(form.text).toContain('Chair, Health Overview and Scrutiny Panel');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1];
    clock.set('2025-08-01T09:00:00Z');
    const created = await officer
      .post('/cases/new/jcb-delegated-decision')
      .type('form')
      .send({
        _csrf: csrf,
        title: 'Opened from the form',
        // The meeting date as people type it, in one box: day/month/year.
        'dates-meetingDate-day': MEETING.split('-').reverse().join('/'),
        'role.decisionMaker': world.jcbRoles.decisionMaker,
        'role.properOfficer': world.jcbRoles.properOfficer,
        'role.urgencyApprover': world.jcbRoles.urgencyApprover,
      })
      .expect(303);
    const caseId = /\/cases\/([0-9a-f-]{36})$/.exec(created.headers.location)?.[1];
    expect(caseId).toBeDefined();
    const view = await cases.read(caseId!);
    expect(view.template.version).toBe(5);
    expect(view.title).toBe('Opened from the form');
  });
});
