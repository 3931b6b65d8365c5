import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { jcbCaseAtTheShowOfHands } from '../libs/testing/jcb-dispute-case.factory';
import { jcbHands, jcbMeetingFacts, type JcbWorld } from '../libs/testing/jcb-world.factory';
import { errorSummary, pageText, postForm } from '../libs/testing/staff-page-client.service';
import { jcbOfficerAppHarness } from '../libs/testing/jcb-officer-app-harness.service';

/*
 * Version 7 of the JCB delegated decision through the API and the case page, on real PostgreSQL:
 * a matter the Chair refers back at the meeting of Thu 4 Sep 2025 (ToR 8.3) goes on to the
 * council's Cabinet and the Integrated Care Board's board; both supporting it, it returns to the
 * Board for a later meeting; when they differ, the dispute goes to the Leader of the Council and
 * the ICB's chair (ToR 9.1), each answering as the holder of their office, and without their
 * agreement the matter does not move forward. Dates are checked: never after today, nor before
 * the referral.
 */
type Problem = { code: string; rule?: string; problems?: { message: string }[] };

const MEETING = '2025-09-04';
const LATER = '2025-10-02';

describe('JCB delegated decision, version 7: the referral back onward and the disputes route', () => {
  const { clock, ready, signedInOfficer } = jcbOfficerAppHarness();
  let world: JcbWorld;
  let app: INestApplication;
  beforeAll(() => ({ world, app } = ready()));
  const server = () => request(app.getHttpServer());
  const keyOf = (who: string) =>
    who === 'officer'
      ? world.keys.officer
      : world.jcbKeys[who as 'councilLeader' | 'icbChair' | 'cab1'];
  const cases = new HttpCases(() => app, keyOf);

  /** A case on version 7 (registered for the cases that name it) referred back by the Chair at the meeting. */
  async function referredBack(title: string): Promise<CaseView> {
    let c = await jcbCaseAtTheShowOfHands(app, world, clock, title, { templateVersion: 7 });
    expect(c.template.version).toBe(7);
    c = await cases.act(c, 'officer', 'RECORD_SHOW_OF_HANDS', {
      meeting: jcbMeetingFacts(world, MEETING),
      hands: jcbHands(world, { ccg2: 'against' }),
      chairChoice: { outcome: 'referredBack', consultedThosePresent: true },
    });
    expect(c.state.key).toBe('referredBack.withPartners');
    return c;
  }

  const decision = (decidedOn: string, outcome: string) => ({
    decidedOn,
    outcome,
    minuteReference: `Minute ${decidedOn}`,
  });
  const conclusion = (conclusion: string) => ({
    discussedOn: '2025-09-22',
    conclusion,
    note: 'The Leader and the ICB chair discussed the revised specification',
  });

  async function refused(c: CaseView, who: string, type: string, payload: object) {
    const res = await server()
      .post(`/api/cases/${c.id}/events`)
      .set({ Authorization: `Bearer ${keyOf(who)}` })
      .send({ type, expectedVersion: c.version, payload });
    expect((await cases.read(c.id)).version).toBe(c.version);
    return { status: res.status, body: res.body as Problem };
  }

  it('goes on to Cabinet and the ICB’s board, and back to a later Board meeting when both support it', async () => {
    let c = await referredBack('Integrated carers support service contract');
    expect(c.state.summary).toContain('awaiting Cabinet’s decision');
    expect(c.awaiting.map((a) => a.role)).toEqual(['officer']);

    clock.set(new Date('2025-09-17T12:00:00Z'));
    const early = await refused(
      c,
      'officer',
      'RECORD_CABINET_DECISION',
      decision('2025-09-01', 'supports'),
    );
    expect(early).toMatchObject({ status: 422, body: { code: 'GOVERNANCE_RULE_BROKEN' } });
    const future = await refused(
      c,
      'officer',
      'RECORD_CABINET_DECISION',
      decision('2025-09-18', 'supports'),
    );
    expect(future).toMatchObject({ status: 422, body: { code: 'GOVERNANCE_RULE_BROKEN' } });

    c = await cases.act(
      c,
      'officer',
      'RECORD_CABINET_DECISION',
      decision('2025-09-17', 'supports'),
    );
    expect(c.state.summary).toContain('Cabinet supports the decision proposed');
    const twice = await refused(
      c,
      'officer',
      'RECORD_CABINET_DECISION',
      decision('2025-09-17', 'doesNotSupport'),
    );
    expect(twice.status).toBeGreaterThanOrEqual(400);
    expect(twice.status).toBeLessThan(500);

    clock.set(new Date('2025-09-18T12:00:00Z'));
    c = await cases.act(
      c,
      'officer',
      'RECORD_PARTNER_BOARD_DECISION',
      decision('2025-09-18', 'supports'),
    );
    expect(c.state.key).toBe('returnedToBoard');
    expect(c.state.summary).toBe('Returned to the Board by the partners: awaiting a later meeting');

    clock.set(new Date('2025-09-24T12:00:00Z'));
    c = await cases.act(c, 'officer', 'RECONSIDER', {
      talkedOn: '2025-09-24',
      note: 'Back to the Board with the revised specification',
      meetingDate: LATER,
    });
    expect(c.state.key).toBe('beforeMeeting.meeting');
    expect(c.context).toMatchObject({
      dates: { meetingDate: LATER },
      referredBack: null,
      referrals: [{ on: MEETING, dispute: null }],
    });
  });

  it('sends a dispute to the Leader and the ICB’s chair, and without their agreement the matter does not move forward', async () => {
    let c = await referredBack('Community equipment service');
    clock.set(new Date('2025-09-18T12:00:00Z'));
    c = await cases.act(
      c,
      'officer',
      'RECORD_CABINET_DECISION',
      decision('2025-09-17', 'supports'),
    );
    c = await cases.act(
      c,
      'officer',
      'RECORD_PARTNER_BOARD_DECISION',
      decision('2025-09-18', 'doesNotSupport'),
    );
    expect(c.state.key).toBe('referredBack.inDispute');
    expect(c.awaiting.map((a) => [a.role, a.person?.name])).toEqual([
      ['leader', 'Cllr Noor Hale'],
      ['partnerChair', 'Dr Rhys Bell'],
    ]);

    clock.set(new Date('2025-09-22T12:00:00Z'));
    const byOfficer = await refused(
      c,
      'officer',
      'RECORD_LEADER_CONCLUSION',
      conclusion('returnToBoard'),
    );
    expect(byOfficer.status).toBe(403);
    const byTheWrongChair = await refused(
      c,
      'icbChair',
      'RECORD_LEADER_CONCLUSION',
      conclusion('returnToBoard'),
    );
    expect(byTheWrongChair.status).toBe(403);
    const beforeTheIcbBoard = await refused(c, 'councilLeader', 'RECORD_LEADER_CONCLUSION', {
      ...conclusion('returnToBoard'),
      discussedOn: '2025-09-17',
    });
    expect(beforeTheIcbBoard).toMatchObject({
      status: 422,
      body: { code: 'GOVERNANCE_RULE_BROKEN' },
    });

    c = await cases.act(
      c,
      'councilLeader',
      'RECORD_LEADER_CONCLUSION',
      conclusion('returnToBoard'),
    );
    expect(c.awaiting.map((a) => a.role)).toEqual(['partnerChair']);
    c = await cases.act(
      c,
      'icbChair',
      'RECORD_PARTNER_CHAIR_CONCLUSION',
      conclusion('doesNotMoveForward'),
    );
    expect(c.state.key).toBe('notProceeding');
    expect(c.state.summary).toContain('did not agree to return it to the Board');
    expect(c.state.closed).toBe(true);
  });

  it('returns a disputed matter to the Board when the Leader and the ICB’s chair both conclude so', async () => {
    let c = await referredBack('Carers breaks grant');
    clock.set(new Date('2025-09-18T12:00:00Z'));
    c = await cases.act(
      c,
      'officer',
      'RECORD_CABINET_DECISION',
      decision('2025-09-17', 'doesNotSupport'),
    );
    c = await cases.act(
      c,
      'officer',
      'RECORD_PARTNER_BOARD_DECISION',
      decision('2025-09-18', 'supports'),
    );
    clock.set(new Date('2025-09-22T12:00:00Z'));
    c = await cases.act(
      c,
      'icbChair',
      'RECORD_PARTNER_CHAIR_CONCLUSION',
      conclusion('returnToBoard'),
    );
    c = await cases.act(
      c,
      'councilLeader',
      'RECORD_LEADER_CONCLUSION',
      conclusion('returnToBoard'),
    );
    expect(c.state.key).toBe('returnedToBoard');
  });

  it('binds the Leader to an office of the council and the partner’s chair to one of the Integrated Care Board', async () => {
    const open = (roles: object) =>
      server()
        .post('/api/cases')
        .set({ Authorization: `Bearer ${world.keys.officer}` })
        .send({
          template: 'jcb-delegated-decision',
          title: 'Carers contract',
          dates: { meetingDate: MEETING },
          roles: { ...world.jcbV7Roles, ...roles },
        });
    clock.set(new Date('2025-08-01T09:00:00Z'));
    const chair = await open({ partnerChair: world.ids.offices.scrutinyChair });
    expect({ status: chair.status, body: chair.body as unknown }).toMatchObject({
      status: 422,
      body: {
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'ROLE_NEEDS_AN_INTEGRATED_CARE_BOARD',
        problems: [{ path: 'roles.partnerChair' }],
      },
    });
    const leader = await open({ leader: world.ids.offices.icbChair });
    expect({ status: leader.status, body: leader.body as unknown }).toMatchObject({
      status: 422,
      body: {
        code: 'GOVERNANCE_RULE_BROKEN',
        rule: 'ROLE_NEEDS_THE_COUNCIL',
        problems: [{ path: 'roles.leader' }],
      },
    });
  });

  it('shows the partners’ decisions on the case page in words, with a GOV.UK error summary', async () => {
    const c = await referredBack('Integrated wheelchair service');
    clock.set(new Date('2025-09-17T12:00:00Z'));
    const officer = await signedInOfficer();
    const page = await officer.get(`/cases/${c.id}`).expect(200);
    const text = pageText(page.text);
    expect(text).toContain('referred back to the partners');
    expect(text).toContain('Record Cabinet’s decision');
    expect(text).toContain('It supports the decision proposed');
    expect(text).not.toMatch(/RECORD_CABINET_DECISION|doesNotSupport/);

    const path = `/cases/${c.id}/events/RECORD_CABINET_DECISION`;
    const fields = {
      'decidedOn-day': '17',
      'decidedOn-month': '9',
      'decidedOn-year': '2025',
      outcome: 'doesNotSupport',
      minuteReference: '',
      reasons: 'The service model needs further work',
      expectedVersion: String(c.version),
    };
    const bad = await postForm(officer, path, fields, 422);
    const summary = errorSummary(bad.text);
    expect(summary).toHaveLength(1);
    expect(summary[0].href).toBe('#RECORD_CABINET_DECISION-minuteReference');
    expect(bad.text).toContain('The service model needs further work');
    expect((await cases.read(c.id)).version).toBe(c.version);

    const done = await postForm(officer, path, { ...fields, minuteReference: 'Minute 41' }, 303);
    expect(done.headers.location).toBe(`/cases/${c.id}?done=RECORD_CABINET_DECISION`);
    const after = pageText((await officer.get(`/cases/${c.id}`).expect(200)).text);
    expect(after).toContain('Cabinet does not support the decision proposed');
    expect(after).toContain('Record the Integrated Care Board’s decision');
  });
});
