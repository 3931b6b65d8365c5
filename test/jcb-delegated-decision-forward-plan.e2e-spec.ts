import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildJcbWorld, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Version 6 of the JCB delegated decision through the API, on real PostgreSQL: the engine knows the
 * forward plan's day from the plan the council published (ADR 0018), never from a typed date. The
 * officer describes each matter; the plan is published on Fri 1 Aug 2025 and tells each case it
 * lists; the notices for a meeting on Thu 4 Sep 2025 (22 clear working days later) are refused,
 * those for Thu 18 Sep 2025 (32) are met; a typed day other than the plan's is refused, naming its
 * rule, and nothing is recorded.
 */
type Problem = {
  code: string;
  rule?: string;
  detail?: string;
  explanation?: string[];
  problems?: { path?: string; message: string }[];
};
type V6Context = {
  matter: { keyDecision: boolean } | null;
  forwardPlan: { publishedOn: string; edition: string } | null;
  notices: { forwardPlanPublishedOn: string | null; keyDecision: boolean } | null;
};

const SOON = '2025-09-04';
const LATER = '2025-09-18';

describe('JCB delegated decision, version 6: the forward plan’s day from the published plan', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  let cases: HttpCases;
  let clock: ReturnType<typeof engineHarness>['clock'];
  const server = () => request(app.getHttpServer());
  const officer = () => ({ Authorization: `Bearer ${world.keys.officer}` });

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildJcbWorld(db.ds);
    clock = engineHarness(db.ds, '2025-07-28T09:00:00Z').clock;
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(
      () => app,
      (who) => (who === 'officer' ? world.keys.officer : world.jcbKeys[who as 'cab1']),
    );
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const matter = (summary: string) => ({
    summary,
    keyDecision: true,
    keyDecisionReasons: 'Spending of £1.5M, affecting carers in every ward',
    documents: ['Report of the Director of Adult Social Care'],
    representations: 'Write to democratic.services@example.org',
  });
  const notices = (meetingDate: string, title: string, over: object = {}) => ({
    meetingDate,
    itemTitle: title,
    reportPublishedOn: meetingDate === SOON ? '2025-08-20' : '2025-09-05',
    ...over,
  });

  async function open(title: string, meetingDate: string, templateVersion = 6): Promise<CaseView> {
    return cases.open({
      template: 'jcb-delegated-decision',
      templateVersion,
      title,
      dates: { meetingDate },
      roles: world.jcbRoles,
    });
  }

  async function refused(from: CaseView, type: string, payload: object) {
    const res = await server()
      .post(`/api/cases/${from.id}/events`)
      .set(officer())
      .send({ type, expectedVersion: from.version, payload });
    const now = await cases.read(from.id);
    expect([now.version, now.state]).toEqual([from.version, from.state]);
    return { status: res.status, body: res.body as Problem };
  }

  const storedNotices = async (caseId: string) =>
    (
      (await db.ds.query(
        `SELECT payload FROM case_events WHERE case_id = $1 AND type = 'RECORD_NOTICES'`,
        [caseId],
      )) as { payload: Record<string, unknown> }[]
    ).map((r) => r.payload);

  let soon: CaseView;
  let later: CaseView;
  let edition: string;

  it('refuses the notices before the matter is described, saying why', async () => {
    clock.set('2025-07-28T09:00:00Z');
    const c = await open('Carers support: notices first', LATER);
    const r = await refused(c, 'RECORD_NOTICES', notices(LATER, 'Carers support'));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'GOVERNANCE_RULE_BROKEN', rule: 'MATTER_NOT_DESCRIBED' });
  });

  it('lists the described key decisions in the plan and tells each case the day it was published', async () => {
    clock.set('2025-07-28T09:00:00Z');
    soon = await open('Integrated carers support service contract', SOON);
    soon = await cases.act(soon, 'officer', 'DESCRIBE_MATTER', matter('Carers support contract'));
    later = await open('Community equipment service contract', LATER);
    later = await cases.act(later, 'officer', 'DESCRIBE_MATTER', matter('Community equipment'));
    // A case on version 5 has no matter to list: the plan leaves it out.
    const v5 = await open('Falls prevention service', LATER, 5);
    expect(v5.template.version).toBe(5);

    const draft = await server().get('/api/forward-plan/draft').set(officer()).expect(200);
    const listed = (
      draft.body as { keyDecisions: { caseId: string; particulars: { expected: unknown } }[] }
    ).keyDecisions;
    expect(listed.map((l) => l.caseId).sort()).toEqual([soon.id, later.id].sort());
    expect(listed.find((l) => l.caseId === later.id)?.particulars.expected).toEqual({
      on: LATER,
    });

    clock.set('2025-08-01T09:00:00Z');
    const published = await server()
      .post('/api/forward-plan/editions')
      .set(officer())
      .send({ publishedOn: '2025-08-01' })
      .expect(201);
    edition = (published.body as { id: string }).id;
    for (const c of [soon, later]) {
      const now = await cases.read(c.id);
      expect((now.context as V6Context).forwardPlan).toEqual({
        publishedOn: '2025-08-01',
        edition,
      });
      expect(now.state.summary).toContain('in the forward plan published Friday 1 August 2025');
    }
    expect(((await cases.read(v5.id)).context as Partial<V6Context>).forwardPlan).toBeUndefined();
    soon = await cases.read(soon.id);
    later = await cases.read(later.id);
  });

  it('refuses the key decision’s notices for a meeting 22 clear days after the plan, counting from the published day', async () => {
    clock.set('2025-09-01T09:00:00Z');
    const r = await refused(soon, 'RECORD_NOTICES', notices(SOON, 'Carers support contract'));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'KEY_DECISION_NOTICE_NOT_MET',
    });
    expect(r.body.explanation?.join(' ')).toContain(
      'forward plan notice published Fri 1 Aug 2025: 22 clear days',
    );
    expect(await storedNotices(soon.id)).toEqual([]);
  });

  it('refuses a typed forward plan day other than the published one, naming the rule, and records nothing', async () => {
    clock.set('2025-09-10T09:00:00Z');
    const r = await refused(
      later,
      'RECORD_NOTICES',
      notices(LATER, 'Community equipment', { forwardPlanPublishedOn: '2025-07-01' }),
    );
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'FORWARD_PLAN_DATE_NOT_AS_PUBLISHED',
    });
    expect(r.body.explanation?.join(' ')).toContain(
      'is not the date the council published the plan that first listed this matter: Fri 1 Aug 2025',
    );
    expect(await storedNotices(later.id)).toEqual([]);
  });

  it('meets the notices for a meeting 32 clear days after the plan, the edition and its day written with them', async () => {
    clock.set('2025-09-10T09:00:00Z');
    const c = await cases.act(
      later,
      'officer',
      'RECORD_NOTICES',
      notices(LATER, 'Community equipment'),
    );
    expect(c.state.key).toBe('beforeMeeting.meeting');
    const ctx = c.context as V6Context;
    expect(ctx.notices).toMatchObject({ forwardPlanPublishedOn: '2025-08-01', keyDecision: true });
    const [payload] = await storedNotices(c.id);
    expect(payload).toMatchObject({
      forwardPlanPublishedOn: '2025-08-01',
      forwardPlanEdition: edition,
      keyDecision: true,
    });
    expect(JSON.stringify(payload.verdicts)).toContain(
      'forward plan notice published Fri 1 Aug 2025: 32 clear days',
    );
  });
});
