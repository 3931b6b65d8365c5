import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildJcbWorld, jcbKeyMatter, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/*
 * A meeting's notice check on an agenda item linked to a JCB case of version 6 counts the key
 * decision's 28 clear days from the day the council's published forward plan first listed the case
 * (ADR 0018), never from the day typed on the item: the meeting and the case agree. The plan is
 * published on Fri 1 Aug 2025; every item below was typed "1 July 2025", a day no plan was published.
 * Thu 4 Sep 2025 is 22 clear working days after the plan (refused); Thu 18 Sep 2025 is 32 (met).
 */
const SOON = '2025-09-04';
const LATER = '2025-09-18';
const TYPED = '2025-07-01';

type Problem = { code: string; rule?: string; explanation?: string[] };
type MeetingView = {
  agenda: {
    id: string;
    forwardPlanPublishedOn: string | null;
    notices: { ok: boolean };
    outcome: { outcome: string } | null;
  }[];
};
type V6Context = { notices: { forwardPlanPublishedOn: string | null } | null };

describe('a meeting counts a linked key decision’s notice from the published forward plan', () => {
  let db: TestDatabase;
  let world: JcbWorld;
  let app: INestApplication;
  let cases: HttpCases;
  const clock = new ManualClock(new Date('2025-07-28T09:00:00Z'));
  const api = () => request(app.getHttpServer());
  const officer = () => ({ Authorization: `Bearer ${world.keys.officer}` });
  const VOTERS = ['cab1', 'cab2', 'cab3', 'ccg1', 'ccg2', 'ccg3'];

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildJcbWorld(db.ds);
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

  async function describedCase(title: string, meetingDate: string): Promise<CaseView> {
    const c = await cases.open({
      template: 'jcb-delegated-decision',
      templateVersion: 6,
      title,
      dates: { meetingDate },
      roles: world.jcbRoles,
    });
    return cases.act(c, 'officer', 'DESCRIBE_MATTER', jcbKeyMatter(title));
  }

  /** The Board meets on `date`, its agenda published two weeks before, every member present. */
  async function meetingWith(date: string, agendaPublishedOn: string, item: object) {
    clock.set('2025-08-04T09:00:00Z');
    const scheduled = await api()
      .post('/api/meetings')
      .set(officer())
      .send({ body: world.ids.bodies.jcb, meetingDate: date, title: `JCB, ${date}` })
      .expect(201);
    const meetingId = (scheduled.body as { id: string }).id;
    const added = await api()
      .post(`/api/meetings/${meetingId}/agenda-items`)
      .set(officer())
      .send(item)
      .expect(201);
    const itemId = (added.body as MeetingView).agenda[0].id;
    clock.set(`${date}T18:00:00Z`);
    await api()
      .post(`/api/meetings/${meetingId}/publication`)
      .set(officer())
      .send({ agendaPublishedOn })
      .expect(200);
    await api()
      .put(`/api/meetings/${meetingId}/attendance`)
      .set(officer())
      .send(VOTERS.map((k) => ({ personId: world.id(k), status: 'present' })))
      .expect(200);
    const showOfHands = () =>
      api()
        .post(`/api/meetings/${meetingId}/agenda-items/${itemId}/show-of-hands`)
        .set(officer())
        .send({ hands: VOTERS.map((k) => ({ personId: world.id(k), hand: 'for' })) });
    const itemNow = async () => {
      const res = await api().get(`/api/meetings/${meetingId}`).set(officer()).expect(200);
      return (res.body as MeetingView).agenda.find((i) => i.id === itemId)!;
    };
    return { showOfHands, itemNow };
  }

  let soon: CaseView;
  let later: CaseView;

  beforeAll(async () => {
    soon = await describedCase('Integrated carers support service contract', SOON);
    later = await describedCase('Community equipment service contract', LATER);
    clock.set('2025-08-01T09:00:00Z');
    await api()
      .post('/api/forward-plan/editions')
      .set(officer())
      .send({ publishedOn: '2025-08-01' })
      .expect(201);
    soon = await cases.read(soon.id);
    later = await cases.read(later.id);
  });

  it('refuses the show of hands 22 clear days after the plan, though the day typed on the item would have met the 28, and records nothing', async () => {
    const { showOfHands, itemNow } = await meetingWith(SOON, '2025-08-22', {
      title: 'Integrated carers support service contract',
      caseId: soon.id,
      keyDecision: true,
      forwardPlanPublishedOn: TYPED,
    });
    expect(await itemNow()).toMatchObject({
      forwardPlanPublishedOn: '2025-08-01',
      notices: { ok: false },
    });
    const res = await showOfHands();
    expect(res.status).toBe(422);
    const problem = res.body as Problem;
    expect(problem).toMatchObject({
      code: 'GOVERNANCE_RULE_BROKEN',
      rule: 'KEY_DECISION_NOTICE_NOT_MET',
    });
    expect(problem.explanation?.join(' ')).toContain(
      'forward plan notice published Fri 1 Aug 2025: 22 clear days',
    );
    expect((await itemNow()).outcome).toBeNull();
    const now = await cases.read(soon.id);
    expect([now.version, now.state.key]).toEqual([soon.version, soon.state.key]);
  });

  it('takes the show of hands 32 clear days after the plan, and the case records the published day, not the typed one', async () => {
    const { showOfHands, itemNow } = await meetingWith(LATER, '2025-09-04', {
      title: 'Community equipment service contract',
      caseId: later.id,
      keyDecision: true,
      forwardPlanPublishedOn: TYPED,
    });
    expect(await itemNow()).toMatchObject({
      forwardPlanPublishedOn: '2025-08-01',
      notices: { ok: true },
    });
    const res = await showOfHands();
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    expect((await itemNow()).outcome).toMatchObject({ outcome: 'consensus' });
    const decided = await cases.read(later.id);
    expect(decided.state.key).toBe('draftingDecision');
    expect((decided.context as V6Context).notices).toMatchObject({
      forwardPlanPublishedOn: '2025-08-01',
    });
  });
});
