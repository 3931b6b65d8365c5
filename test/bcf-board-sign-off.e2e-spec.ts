import type { Actor } from '../libs/core/actor.dto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { ManualClock } from '../libs/core/clock.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/*
 * The seed's national deadline (002 item 8): Monday 11 September 2017. London is on BST (UTC+1):
 * the reminder 5 working days before falls on Mon 4 September at 09:00 (08:00Z).
 */
const FIVE_DAY_REMINDER = '2017-09-04T08:00:00.000Z';

describe('BCF plan, full board sign-off, from the HWBB’s arrangements to assurance', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let h: ReturnType<typeof engineHarness>;
  let app: INestApplication;
  let clock: ManualClock;

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
    h = engineHarness(db.ds, '2017-07-26T10:00:00Z');
    clock = new ManualClock(new Date('2017-07-26T10:00:00Z'));
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  type Who = 'officer' | 'ceo' | 'ao' | 'chair';
  const auth = (who: Who) => ({ Authorization: `Bearer ${world.keys[who]}` });
  const http = new HttpCases(
    () => app,
    (who) => world.keys[who as Who],
  );

  const act = (seen: CaseView, who: Who, type: string, payload: Record<string, unknown> = {}) =>
    http.act(seen, who, type, payload);

  const openThroughApi = (body: Record<string, unknown>) => http.open(body);

  const read = (caseId: string) => http.read(caseId);

  const verifyAudit = (caseId: string) => http.verify(caseId);

  const sweep = () => app.get(DeadlineSweepService).sweep();

  async function send(caseId: string, type: string, payload: object, who: Actor) {
    const { version } = await h.views.get(world.tenantId, caseId);
    await h.send.send(caseId, { type, payload: { ...payload } }, who, { expectedVersion: version });
    return h.views.get(world.tenantId, caseId);
  }

  const emails = (caseId: string, message: string): Promise<{ to: string; link: boolean }[]> =>
    db.ds.query(
      `SELECT payload->'to'->>'id' AS to, (payload->>'linkId') IS NOT NULL AS link FROM effects
        WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2 ORDER BY created_at, payload->'to'->>'id'`,
      [caseId, message],
    );

  it('needs the HWBB, the Chief Executive and the Accountable Officer, seeks all three again after a rejection, then submits and is assured', async () => {
    const { officer, ceo, ao } = world.actors;
    const { caseId } = await h.open.open(
      {
        template: 'bcf-board-sign-off',
        templateVersion: 1,
        title: 'Better Care Southampton Plan 2017/19',
        dates: { nationalDeadline: '2017-09-11', expectedAssuranceDate: '2017-10-31' },
        roles: {
          chiefExecutive: world.roles.chiefExecutive,
          accountableOfficer: world.roles.accountableOfficer,
        },
      },
      officer,
    );
    expect((await h.views.get(world.tenantId, caseId)).state.summary).toBe(
      'Awaiting the HWBB’s consideration of the draft and its arrangements for approving the final version by Monday 11 September 2017',
    );

    const approval = await send(
      caseId,
      'RECORD_ARRANGEMENTS',
      {
        meetingDate: '2017-07-26',
        minuteReference: 'HWBB 26 Jul 2017, minute 8',
        arrangements:
          'Final version approved at the HWBB on 6 September, by the Chief Executive and by the Accountable Officer',
      },
      officer,
    );
    expect(approval.state.summary).toBe(
      'Awaiting approval by the HWBB (at a meeting), the Chief Executive, the Accountable Officer before submission by Monday 11 September 2017',
    );
    expect(approval.awaiting.map((a) => a.role)).toEqual([
      'officer',
      'chiefExecutive',
      'accountableOfficer',
    ]);
    expect(await emails(caseId, 'plan-approval-requested')).toEqual(
      [
        { to: world.ids.people.ceo, link: true },
        { to: world.ids.people.ao, link: true },
      ].sort((a, b) => a.to.localeCompare(b.to)),
    );

    // The HWBB chair holds no office bound to the case: approval is not theirs to give.
    await expect(send(caseId, 'APPROVE', {}, world.actors.chair)).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });

    await send(caseId, 'APPROVE', {}, ao);
    const returned = await send(caseId, 'REJECT', { reasons: 'The iBCF schemes are missing' }, ceo);
    expect(returned.state.summary).toBe(
      'Revising the plan (not approved by the Chief Executive: The iBCF schemes are missing): the officer seeks approval again',
    );

    await send(caseId, 'SEEK_APPROVAL', {}, officer);
    await send(caseId, 'APPROVE', { comments: 'Agreed for the council.' }, ceo);
    const twoGiven = await send(caseId, 'APPROVE', {}, ao);
    expect(twoGiven.state.summary).toBe(
      'Awaiting approval by the HWBB (at a meeting) before submission by Monday 11 September 2017',
    );

    h.clock.set(FIVE_DAY_REMINDER);
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    expect(await emails(caseId, 'submission-reminder')).toEqual([
      { to: world.ids.people.officer, link: false },
    ]);

    h.clock.set('2017-09-06T19:00:00Z');
    const ready = await send(
      caseId,
      'RECORD_HWBB_APPROVAL',
      { meetingDate: '2017-09-06', minuteReference: 'HWBB 6 Sep 2017, minute 3' },
      officer,
    );
    expect(ready.state.summary).toBe(
      'Approved by the HWBB, the Chief Executive and the Accountable Officer: awaiting submission by Monday 11 September 2017',
    );

    h.clock.set('2017-09-08T10:00:00Z');
    const submitted = await send(
      caseId,
      'RECORD_SUBMISSION',
      { submittedOn: '2017-09-08' },
      officer,
    );
    expect(submitted.state.summary).toBe(
      'Submitted: awaiting the assurance outcome, expected Tuesday 31 October 2017',
    );
    expect(submitted.openDeadlines.map((d) => d.key)).toEqual(['assurance']);

    h.clock.set('2017-10-30T10:00:00Z');
    const conditional = await send(
      caseId,
      'RECORD_ASSURANCE',
      {
        outcome: 'approvedWithConditions',
        receivedOn: '2017-10-30',
        conditions: ['Confirm the DFG allocation'],
      },
      officer,
    );
    expect(conditional.state.summary).toBe(
      'Submitted: approved with conditions, 1 still to be met',
    );

    h.clock.set('2017-11-06T10:00:00Z');
    const closed = await send(
      caseId,
      'MARK_CONDITION_MET',
      { conditionId: 'R1-C1', metOn: '2017-11-06' },
      officer,
    );
    expect(closed.state).toEqual({
      key: 'closed',
      summary: 'Closed: plan approved by all three and assured',
      closed: true,
    });
    expect(closed.openDeadlines).toEqual([]);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toEqual(
      expect.objectContaining({ ok: true, records: closed.version }),
    );
  });

  it('runs the whole journey through the HTTP API', async () => {
    clock.set('2017-07-26T10:00:00Z');
    const opened = await openThroughApi({
      template: 'bcf-board-sign-off',
      templateVersion: 1,
      title: 'Better Care Southampton Plan 2017/19 (through the API)',
      dates: { nationalDeadline: '2017-09-11', expectedAssuranceDate: '2017-10-31' },
      roles: {
        chiefExecutive: world.roles.chiefExecutive,
        accountableOfficer: world.roles.accountableOfficer,
      },
    });
    expect(opened.state.summary).toBe(
      'Awaiting the HWBB’s consideration of the draft and its arrangements for approving the final version by Monday 11 September 2017',
    );

    const approval = await act(opened, 'officer', 'RECORD_ARRANGEMENTS', {
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 8',
      arrangements:
        'Final version approved at the HWBB on 6 September, by the Chief Executive and by the Accountable Officer',
    });
    expect(approval.state.summary).toBe(
      'Awaiting approval by the HWBB (at a meeting), the Chief Executive, the Accountable Officer before submission by Monday 11 September 2017',
    );

    // The HWBB chair holds no office bound to the case: approval is not theirs to give.
    const refused = await request(app.getHttpServer())
      .post(`/api/cases/${opened.id}/events`)
      .set(auth('chair'))
      .send({ type: 'APPROVE', expectedVersion: approval.version, payload: {} });
    expect({ status: refused.status, code: (refused.body as { code: string }).code }).toEqual({
      status: 403,
      code: 'NOT_AUTHORISED',
    });

    const aoApproved = await act(approval, 'ao', 'APPROVE');
    const returned = await act(aoApproved, 'ceo', 'REJECT', {
      reasons: 'The iBCF schemes are missing',
    });
    expect(returned.state.summary).toBe(
      'Revising the plan (not approved by the Chief Executive: The iBCF schemes are missing): the officer seeks approval again',
    );

    const sought = await act(returned, 'officer', 'SEEK_APPROVAL');
    const ceoApproved = await act(sought, 'ceo', 'APPROVE', {
      comments: 'Agreed for the council.',
    });
    const twoGiven = await act(ceoApproved, 'ao', 'APPROVE');
    expect(twoGiven.state.summary).toBe(
      'Awaiting approval by the HWBB (at a meeting) before submission by Monday 11 September 2017',
    );

    clock.set(FIVE_DAY_REMINDER);
    expect(await sweep()).toEqual({ fired: 1, stale: 0 });
    expect(await emails(opened.id, 'submission-reminder')).toEqual([
      { to: world.ids.people.officer, link: false },
    ]);

    clock.set('2017-09-06T19:00:00Z');
    const ready = await act(await read(opened.id), 'officer', 'RECORD_HWBB_APPROVAL', {
      meetingDate: '2017-09-06',
      minuteReference: 'HWBB 6 Sep 2017, minute 3',
    });
    expect(ready.state.summary).toBe(
      'Approved by the HWBB, the Chief Executive and the Accountable Officer: awaiting submission by Monday 11 September 2017',
    );

    clock.set('2017-09-08T10:00:00Z');
    const submitted = await act(ready, 'officer', 'RECORD_SUBMISSION', {
      submittedOn: '2017-09-08',
    });
    expect(submitted.state.summary).toBe(
      'Submitted: awaiting the assurance outcome, expected Tuesday 31 October 2017',
    );

    clock.set('2017-10-30T10:00:00Z');
    const conditional = await act(submitted, 'officer', 'RECORD_ASSURANCE', {
      outcome: 'approvedWithConditions',
      receivedOn: '2017-10-30',
      conditions: ['Confirm the DFG allocation'],
    });
    expect(conditional.state.summary).toBe(
      'Submitted: approved with conditions, 1 still to be met',
    );

    clock.set('2017-11-06T10:00:00Z');
    const closed = await act(conditional, 'officer', 'MARK_CONDITION_MET', {
      conditionId: 'R1-C1',
      metOn: '2017-11-06',
    });
    expect(closed.state).toEqual({
      key: 'closed',
      summary: 'Closed: plan approved by all three and assured',
      closed: true,
    });
    expect(closed.openDeadlines).toEqual([]);
    expect(await verifyAudit(opened.id)).toEqual(
      expect.objectContaining({ ok: true, records: closed.version }),
    );
  });
});
