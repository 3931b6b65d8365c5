import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  buildOfficerDecisionWorld,
  type OfficerDecisionWorld,
} from '../libs/testing/officer-decision-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * The forward plan of key decisions (reg 9), generated from open cases: a Director of Public
 * Health's key decision appears in the draft, the officer publishes the plan on Fri 1 Aug 2025,
 * the case records that day (the engine is told by the plan, not by a typed date), the decision is
 * refused on Wed 20 Aug 2025 (12 clear days) and taken on Mon 15 Sep 2025.
 */
type Problem = { code: string; rule?: string; explanation?: string[] };

describe('the forward plan of key decisions', () => {
  let db: TestDatabase;
  let world: OfficerDecisionWorld;
  let app: INestApplication;
  let cases: HttpCases;
  let slug: string;
  let clock: ReturnType<typeof engineHarness>['clock'];
  const server = () => request(app.getHttpServer());
  const as = (who: string) => ({ Authorization: `Bearer ${world.keyOf(who)}` });

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildOfficerDecisionWorld(db.ds);
    clock = engineHarness(db.ds, '2025-08-01T09:00:00Z').clock;
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(
      () => app,
      (who) => world.keyOf(who),
    );
    [{ slug }] = await db.ds.query('SELECT slug FROM tenants WHERE tenant_id = $1', [
      world.tenantId,
    ]);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const matter = {
    summary: 'Recommission the integrated sexual health service from April 2026',
    keyDecision: true,
    keyDecisionReasons: 'Spending of £4.2M over three years',
    documents: ['Report of the Director of Public Health'],
    representations: 'Write to democratic.services@example.org by 12 September 2025',
  };
  const decision = (decidedOn: string) => ({
    decision: 'Recommission the integrated sexual health service by open tender',
    decidedOn,
    reasons: 'The current contract ends in March 2026; a tender tests value for money',
    alternativesRejected: ['Extend the current contract'],
    backgroundPapers: ['Sexual health needs assessment 2025'],
  });

  async function keyCase(title: string): Promise<CaseView> {
    const c = await cases.open({
      template: 'officer-delegated-decision',
      templateVersion: 1,
      title,
      dates: { decisionDue: '2025-09-15' },
      roles: world.officerDecisionRoles,
    });
    return cases.act(c, 'officer', 'DESCRIBE_MATTER', matter);
  }

  it('lists a key decision case, publishes the plan, refuses the decision before 28 clear days and takes it after', async () => {
    clock.set('2025-08-01T09:00:00Z');
    const c = await keyCase('Sexual health service recommissioning');
    const notKey = await cases.open({
      template: 'officer-delegated-decision',
      templateVersion: 1,
      title: 'Smoking cessation pilot extension',
      dates: { decisionDue: '2025-08-15' },
      roles: world.officerDecisionRoles,
    });
    await cases.act(notKey, 'officer', 'DESCRIBE_MATTER', { ...matter, keyDecision: false });

    const draft = await server().get('/api/forward-plan/draft').set(as('officer')).expect(200);
    const drafted = (
      draft.body as { keyDecisions: { caseId: string; firstPublishedOn: unknown }[] }
    ).keyDecisions;
    expect(drafted.map((d) => d.caseId)).toEqual([c.id]);
    expect(drafted[0].firstPublishedOn).toBeNull();
    const before = await server().get(`/forward-plan/${slug}`).expect(200);
    expect(before.text).toContain('has not yet published a forward plan');

    // A plan is not published on a day still to come, nor by someone who is not an officer.
    const future = await server()
      .post('/api/forward-plan/editions')
      .set(as('officer'))
      .send({ publishedOn: '2025-08-04' })
      .expect(422);
    expect((future.body as Problem).rule).toBe('RECORDED_DATE_IN_THE_FUTURE');
    await server()
      .post('/api/forward-plan/editions')
      .set(as('cab1'))
      .send({ publishedOn: '2025-08-01' })
      .expect(403);
    await server()
      .post('/api/forward-plan/editions')
      .set(as('officer'))
      .send({ publishedOn: '2025-02-30' })
      .expect(422);

    await server()
      .post('/api/forward-plan/editions')
      .set(as('officer'))
      .send({ publishedOn: '2025-08-01' })
      .expect(201);
    const listed = await cases.read(c.id);
    expect((listed.context as { forwardPlan: unknown }).forwardPlan).toMatchObject({
      publishedOn: '2025-08-01',
    });
    const audit = await server().get(`/api/cases/${c.id}/audit`).set(as('officer')).expect(200);
    const links = (audit.body as { records?: unknown[] }).records ?? (audit.body as unknown[]);
    expect(JSON.stringify(links)).toContain('FORWARD_PLAN_PUBLISHED');

    const page = await server().get(`/forward-plan/${slug}`).expect(200);
    expect(page.text).toContain('Sexual health service recommissioning');
    expect(page.text).toContain('Friday 1 August 2025');
    expect(page.text).toContain('Dr Rhea Stone');
    expect(page.text).not.toContain('Smoking cessation');
    const json = await server().get(`/forward-plan/${slug}/plan.json`).expect(200);
    expect(json.body).toMatchObject({
      published: { publishedOn: '2025-08-01', keyDecisions: [{ caseId: c.id }] },
    });
    const since = await server()
      .get(`/forward-plan/${slug}/plan.json?since=2025-08-02`)
      .expect(200);
    expect(
      (since.body as { published: { keyDecisions: unknown[] } }).published.keyDecisions,
    ).toEqual([]);
    await server().get(`/forward-plan/${slug}?since=2025-13-01`).expect(422);
    // The page asks for the day as a GOV.UK date input, as people type it, never an ISO date.
    const asked = await server().get(`/forward-plan/${slug}`).expect(200);
    expect(asked.text).toContain('name="since-day"');
    expect(asked.text).not.toMatch(/For example, \d{4}-\d{2}-\d{2}/);
    const typed = await server()
      .get(`/forward-plan/${slug}?since-day=2&since-month=Aug&since-year=2025`)
      .expect(200);
    expect(typed.text).toContain('0 key decisions added since Saturday 2 August 2025');
    const wrong = await server()
      .get(`/forward-plan/${slug}?since-day=29&since-month=2&since-year=2025`)
      .expect(422);
    expect(wrong.text).toMatch(/<a href="#since-day">[^<]*must be a real date<\/a>/);
    expect(wrong.text).toMatch(/name="since-day"[^>]*value="29"/);
    const feed = await server().get(`/forward-plan/${slug}/feed.atom`).expect(200);
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(feed.text).toContain(`<id>urn:uuid:${c.id}</id>`);
    expect(feed.text).toContain('<published>2025-08-01T00:00:00Z</published>');

    // Twelve clear days later, without an exception route: refused, nothing recorded.
    clock.set('2025-08-20T10:00:00Z');
    const seen = await cases.read(c.id);
    const early = await server()
      .post(`/api/cases/${c.id}/events`)
      .set(as('director'))
      .send({
        type: 'RECORD_DECISION',
        expectedVersion: seen.version,
        payload: decision('2025-08-20'),
      })
      .expect(422);
    expect(early.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'KEY_DECISION_NOTICE_NOT_MET',
    });
    expect((early.body as Problem).explanation?.join(' ')).toContain(
      'forward plan notice published Fri 1 Aug 2025',
    );
    expect((await cases.read(c.id)).version).toBe(seen.version);

    // After 28 clear days: taken.
    clock.set('2025-09-15T10:00:00Z');
    const decided = await cases.act(seen, 'director', 'RECORD_DECISION', decision('2025-09-15'));
    expect(decided.state.key).toBe('awaitingPublication');

    // The next edition no longer lists it; the history keeps both, each as published.
    await server()
      .post('/api/forward-plan/editions')
      .set(as('officer'))
      .send({ publishedOn: '2025-09-15' })
      .expect(201);
    const now = await server().get(`/forward-plan/${slug}/plan.json`).expect(200);
    expect((now.body as { published: { keyDecisions: unknown[] } }).published.keyDecisions).toEqual(
      [],
    );
    const history = await server().get(`/forward-plan/${slug}/editions`).expect(200);
    expect(history.text).toContain('2 editions');
    expect(history.text).toContain('Friday 1 August 2025');
    const ids = [...history.text.matchAll(/editions\/([0-9a-f-]{36})/g)].map((m) => m[1]);
    const first = await server().get(`/forward-plan/${slug}/editions/${ids[1]}`).expect(200);
    expect(first.text).toContain('Sexual health service recommissioning');
    // An edition dated before the last is refused.
    const earlier = await server()
      .post('/api/forward-plan/editions')
      .set(as('officer'))
      .send({ publishedOn: '2025-09-01' })
      .expect(422);
    expect((earlier.body as Problem).rule).toBe('RECORDED_DATE_BEFORE_ITS_STEP');
  });

  it('takes a key decision before 28 clear days by the general exception', async () => {
    clock.set('2025-08-11T09:00:00Z');
    const c = await keyCase('Clinic lease renewal');
    clock.set('2025-08-20T10:00:00Z');
    const decided = await cases.act(c, 'director', 'RECORD_DECISION', {
      ...decision('2025-08-20'),
      generalException: {
        scrutinyChairToldInWritingOn: '2025-08-11',
        noticePublishedOn: '2025-08-11',
      },
    });
    expect(decided.state.key).toBe('awaitingPublication');
    expect(
      (
        decided.context as { decision: { keyDecisionCheck: string[] } }
      ).decision.keyDecisionCheck.join(' '),
    ).toContain('general exception');
  });
});
