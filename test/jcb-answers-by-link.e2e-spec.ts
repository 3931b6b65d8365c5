import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import {
  buildJcbWorld,
  jcbHands,
  jcbMeetingFacts,
  JcbWorld,
} from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * Version 3 of the JCB delegated decision through the API: the officer drafts the decision after
 * the Board's consensus; the decision maker takes it or declines it, and the signatories sign the
 * notice or decline it, as they do from their emailed links (the browser journey is in
 * test/meeting-pages-browser.e2e-spec.ts). Board meeting Thu 4 Sep 2025.
 */
const MEETING = '2025-09-04';

type Problem = { code: string; detail: string; problems?: { message: string }[] };

describe('JCB delegated decision, version 3: the decision and the notice answered by link', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  let cases: HttpCases;
  let clock: ReturnType<typeof engineHarness>['clock'];
  const keyOf = (who: string) =>
    who === 'officer' ? world.keys.officer : (world.jcbKeys as Record<string, string>)[who];

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

  const draft = (over: object = {}) => ({
    decision: 'Award the integrated carers support contract to Carers Together CIC',
    reasons: 'Best quality and price in the tender; supported by both partners',
    alternativesRejected: ['Extend the current contracts'],
    amount: 1_500_000,
    actingAs: 'cabinetMember',
    ...over,
  });

  /** A case after the Board's consensus on the meeting day, on version 3 (opened by its number). */
  async function afterConsensus(present?: string[]): Promise<CaseView> {
    clock.set('2025-08-01T09:00:00Z');
    let c = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 3,
      title: 'Integrated carers support service contract',
      dates: { meetingDate: MEETING },
      roles: world.jcbRoles,
    });
    expect(c.template.version).toBe(3);
    // The meeting day: its notices were given and the Board meets.
    clock.set(`${MEETING}T15:00:00Z`);
    c = await cases.act(c, 'officer', 'RECORD_NOTICES', {
      meetingDate: MEETING,
      itemTitle: 'Integrated carers support service contract',
      keyDecision: true,
      forwardPlanPublishedOn: '2025-07-01',
      reportPublishedOn: '2025-08-20',
    });
    const meeting = jcbMeetingFacts(world, MEETING, present ? { present } : {});
    c = await cases.act(c, 'officer', 'RECORD_ATTENDANCE', { meeting });
    const hands = jcbHands(world).filter(
      (h) => !present || present.some((k) => world.id(k) === h.personId),
    );
    return cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', { meeting, hands });
  }

  async function refused(from: CaseView, who: string, type: string, payload: object) {
    const res = await request(app.getHttpServer())
      .post(`/api/cases/${from.id}/events`)
      .set({ Authorization: `Bearer ${keyOf(who)}` })
      .send({ type, expectedVersion: from.version, payload });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const now = await cases.read(from.id);
    expect([now.version, now.state]).toEqual([from.version, from.state]);
    return { status: res.status, body: res.body as Problem };
  }

  it('takes the drafted decision dated the day the decision maker answers, with the Cabinet members who showed a hand for', async () => {
    let c = await afterConsensus();
    expect(c.state).toMatchObject({
      key: 'draftingDecision',
      summary: 'Consensus reached: awaiting the officer’s draft of the decision',
    });
    c = await cases.act(c, 'officer', 'DRAFT_DECISION', draft());
    expect(c.state.key).toBe('awaitingDecision');
    expect(c.awaiting.map((a) => a.role)).toEqual(['decisionMaker']);
    clock.set('2025-09-05T10:00:00Z');
    c = await cases.act(c, 'cab1', 'APPROVE', {});
    const decision = (c.context as { decision: Record<string, unknown> }).decision;
    expect(decision).toMatchObject({
      decidedOn: '2025-09-05',
      decision: 'Award the integrated carers support contract to Carers Together CIC',
      amount: 1_500_000,
      cabinetMembersAgreeing: [world.id('cab1'), world.id('cab2'), world.id('cab3')],
    });
    c = await cases.act(c, 'proper', 'APPROVE', {});
    c = await cases.act(c, 'cab1', 'APPROVE', { comments: 'Signed.' });
    expect(c.state.key).toBe('awaitingPublication');
    expect((c.context as { signatures: object }).signatures).toEqual({
      decisionMaker: '2025-09-05',
      properOfficer: '2025-09-05',
    });
  });

  it('returns the draft to the officer with the reasons when the decision maker declines it', async () => {
    let c = await afterConsensus();
    c = await cases.act(c, 'officer', 'DRAFT_DECISION', draft());
    c = await cases.act(c, 'cab1', 'DECLINE', { reasons: 'The sum must be the tendered £1.45M' });
    expect(c.state).toMatchObject({
      key: 'draftingDecision',
      summary:
        'Declined (The sum must be the tendered £1.45M): awaiting a fresh draft of the decision',
    });
    c = await cases.act(c, 'officer', 'DRAFT_DECISION', draft({ amount: 1_450_000 }));
    c = await cases.act(c, 'cab1', 'APPROVE', {});
    expect((c.context as { decision: { amount: number } }).decision.amount).toBe(1_450_000);
  });

  it('sets the decision aside when the Proper Officer declines to sign the notice, keeping it among the earlier decisions', async () => {
    let c = await afterConsensus();
    c = await cases.act(c, 'officer', 'DRAFT_DECISION', draft());
    c = await cases.act(c, 'cab1', 'APPROVE', {});
    c = await cases.act(c, 'proper', 'DECLINE', {
      reasons: 'The notice omits the interests declared',
    });
    expect(c.state.key).toBe('draftingDecision');
    const ctx = c.context as { decision: unknown; earlierDecisions: unknown[]; declined: object[] };
    expect(ctx.decision).toBeNull();
    expect(ctx.earlierDecisions).toHaveLength(1);
    expect(ctx.declined).toEqual([
      {
        role: 'properOfficer',
        on: MEETING,
        reasons: 'The notice omits the interests declared',
        step: 'notice',
      },
    ]);
  });

  it('refuses a draft beyond the delegation, a decline without reasons, and an answer from someone not asked; dates an answer itself', async () => {
    let c = await afterConsensus();
    const over = await refused(c, 'officer', 'DRAFT_DECISION', draft({ amount: 2_500_000 }));
    expect(over.status).toBe(422);
    expect(over.body.problems?.[0].message).toMatch(/^OVER_LIMIT: /);
    c = await cases.act(c, 'officer', 'DRAFT_DECISION', draft());
    const bare = await refused(c, 'cab1', 'DECLINE', { reasons: '  ' });
    expect(bare.status).toBe(422);
    // The Proper Officer is asked to sign the notice, not to take the decision.
    const notAsked = await refused(c, 'proper', 'APPROVE', {});
    expect(notAsked.body.code).toBe('EVENT_NOT_ALLOWED');
    // A date the sender puts in is not theirs to give: the answer is dated by the engine.
    const taken = await cases.act(c, 'cab1', 'APPROVE', { on: '2025-01-01' });
    expect((taken.context as { decision: { decidedOn: string } }).decision.decidedOn).toBe(MEETING);
  });

  it('refuses the decision taken before its meeting by the rule, saying from when, not as a step not allowed', async () => {
    let c = await afterConsensus();
    c = await cases.act(c, 'officer', 'DRAFT_DECISION', draft());
    // A show of hands recorded before the recorded-date rules could be dated after its day.
    clock.set('2025-09-03T10:00:00Z');
    const early = await refused(c, 'cab1', 'APPROVE', {});
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'DECISION_BEFORE_MEETING',
      explanation: [
        'the decision cannot be taken before the meeting on Thu 4 Sep 2025',
        'it can be taken from Thu 4 Sep 2025; today is Wed 3 Sep 2025 (London)',
      ],
    });
    clock.set(`${MEETING}T16:00:00Z`);
    c = await cases.act(c, 'cab1', 'APPROVE', {});
    expect((c.context as { decision: { decidedOn: string } }).decision.decidedOn).toBe(MEETING);
  });

  it('refuses a draft when only two of the three Cabinet members showed a hand for a sum over £1M', async () => {
    // Cllr Cara Moss sends apologies: the Board is quorate and agrees, but para 28 needs all three.
    const c = await afterConsensus(['cab1', 'cab2', 'ccg1', 'ccg2', 'ccg3']);
    const r = await refused(c, 'officer', 'DRAFT_DECISION', draft());
    expect(r.body.problems?.[0].message).toMatch(/^CONDITION_NOT_MET: /);
  });
});
