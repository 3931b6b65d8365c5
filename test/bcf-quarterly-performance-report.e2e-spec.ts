import type { Actor } from '../libs/core/actor.dto';
import { INestApplication } from '@nestjs/common';
import type { CaseView } from '../libs/engine/case-view.service';
import { ManualClock } from '../libs/core/clock.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, withCommissioningLead } from '../libs/testing/world.factory';

/*
 * Q1 2021/22 (seed 001): JCB on Thursday 19 August 2021; NHS England submission by Friday
 * 10 September. London is on BST (UTC+1). The JCB reminder 5 working days before is Thu 12 Aug,
 * 09:00; the submission reminders 10 and 5 working days before are Thu 26 Aug (Mon 30 Aug is the
 * summer bank holiday) and Fri 3 Sep; the submission date passes when 10 Sep ends in London.
 */
const JCB_REMINDER = '2021-08-12T08:00:00.000Z';
const SUBMISSION_10_DAYS = '2021-08-26T08:00:00.000Z';
const SUBMISSION_5_DAYS = '2021-09-03T08:00:00.000Z';
const SUBMISSION_PASSED = '2021-09-10T23:00:00.000Z';

describe('BCF quarterly performance report, from preparation to NHS England', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let h: ReturnType<typeof engineHarness>;
  let app: INestApplication;
  let clock: ManualClock;

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds, {
      tweak: (spec) => withCommissioningLead(spec, 'ccg'),
    });
    h = engineHarness(db.ds, '2021-08-02T09:00:00Z');
    clock = new ManualClock(new Date('2021-08-02T09:00:00Z'));
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  type Who = 'officer';
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

  async function send(
    caseId: string,
    type: string,
    payload: object,
    who: Actor = world.actors.officer,
  ) {
    const { version } = await h.views.get(world.tenantId, caseId);
    await h.send.send(caseId, { type, payload: { ...payload } }, who, { expectedVersion: version });
    return h.views.get(world.tenantId, caseId);
  }

  const emails = (
    caseId: string,
    message: string,
  ): Promise<{ to: string; left: number | null }[]> =>
    db.ds.query(
      `SELECT payload->'to'->>'id' AS to, (payload->>'workingDaysLeft')::int AS left FROM effects
        WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2
        ORDER BY created_at, payload->'to'->>'id'`,
      [caseId, message],
    );

  it('is prepared, deferred once by the JCB, signed off, noted by the HWBB, escalated when late and submitted', async () => {
    const { caseId } = await h.open.open(
      {
        template: 'bcf-quarterly-performance-report',
        templateVersion: 1,
        title: 'BCF performance report, Q1 2021/22',
        dates: { jcbMeetingDate: '2021-08-19', submissionDate: '2021-09-10' },
        roles: { commissioningLead: world.ids.offices.commissioningLead },
      },
      world.actors.officer,
    );
    const opened = await h.views.get(world.tenantId, caseId);
    expect(opened.state.summary).toBe(
      'The finance and performance group prepares the report for the JCB on Thursday 19 August 2021',
    );
    expect(
      opened.openDeadlines.filter((d) => d.kind === 'reminder').map((d) => [d.key, d.dueAt]),
    ).toEqual([
      ['jcb', JCB_REMINDER],
      ['submission', SUBMISSION_10_DAYS],
      ['submission', SUBMISSION_5_DAYS],
    ]);

    h.clock.set('2021-08-05T10:00:00Z');
    const prepared = await send(caseId, 'RECORD_PREPARED', { preparedOn: '2021-08-05' });
    expect(prepared.state.summary).toBe(
      'Prepared: awaiting the JCB’s sign-off at its meeting on Thursday 19 August 2021',
    );

    h.clock.set(JCB_REMINDER);
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    expect(await emails(caseId, 'jcb-reminder')).toEqual([
      { to: world.ids.people.officer, left: 5 },
    ]);

    // No consensus at the JCB: deferred to its next meeting, which becomes the JCB date.
    h.clock.set('2021-08-19T17:00:00Z');
    const deferred = await send(caseId, 'RECORD_JCB_DEFERRAL', {
      meetingDate: '2021-08-19',
      minuteReference: 'JCB 19 Aug 2021, item 6',
      reasons: 'No consensus on the discharge metric',
      nextMeetingDate: '2021-09-02',
    });
    expect(deferred.state.summary).toBe(
      'The finance and performance group prepares the report for the JCB on Thursday 2 September 2021',
    );
    expect(
      deferred.openDeadlines
        .filter((d) => d.key === 'jcb' && d.kind === 'deadline')
        .map((d) => d.dueAt),
    ).toEqual(['2021-09-02T23:00:00.000Z']);

    h.clock.set(SUBMISSION_10_DAYS);
    expect(await h.sweep.sweep()).toEqual({ fired: 2, stale: 0 }); // the new JCB reminder and the submission one
    await send(caseId, 'RECORD_PREPARED', { preparedOn: '2021-08-26' });

    h.clock.set('2021-09-02T17:00:00Z');
    const signedOff = await send(caseId, 'RECORD_JCB_SIGN_OFF', {
      meetingDate: '2021-09-02',
      minuteReference: 'JCB 2 Sep 2021, item 4',
    });
    expect(signedOff.state.summary).toBe(
      'Signed off by the JCB: awaiting the HWBB noting or approving it',
    );

    h.clock.set('2021-09-08T18:00:00Z');
    const noted = await send(caseId, 'RECORD_HWBB_OUTCOME', {
      outcome: 'noted',
      meetingDate: '2021-09-08',
      minuteReference: 'HWBB 8 Sep 2021, item 5',
    });
    expect(noted.state.summary).toBe(
      'Noted by the HWBB: awaiting submission to NHS England by Friday 10 September 2021',
    );

    h.clock.set(SUBMISSION_PASSED);
    expect(await h.sweep.sweep()).toEqual({ fired: 2, stale: 0 }); // the 5-day reminder, then the deadline
    const late = await h.views.get(world.tenantId, caseId);
    expect(late.state.summary).toBe(
      'Noted by the HWBB: awaiting submission to NHS England by Friday 10 September 2021 (overdue: the NHS England submission date)',
    );
    expect((await emails(caseId, 'submission-overdue')).map((e) => e.to)).toEqual(
      [world.ids.people.officer, world.ids.people.lead].sort(),
    );

    h.clock.set('2021-09-13T10:00:00Z');
    const submitted = await send(caseId, 'RECORD_SUBMISSION', {
      submittedOn: '2021-09-13',
      reference: 'NHSE BCF Q1 return',
    });
    expect(submitted.state).toEqual({
      key: 'submitted',
      summary: 'Submitted to NHS England on Monday 13 September 2021',
      closed: true,
    });
    expect(submitted.openDeadlines).toEqual([]);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toEqual(
      expect.objectContaining({ ok: true, records: submitted.version }),
    );
  });

  it('runs the whole journey through the HTTP API', async () => {
    clock.set('2021-08-02T09:00:00Z');
    const opened = await openThroughApi({
      template: 'bcf-quarterly-performance-report',
      templateVersion: 1,
      title: 'BCF performance report, Q1 2021/22 (through the API)',
      dates: { jcbMeetingDate: '2021-08-19', submissionDate: '2021-09-10' },
      roles: { commissioningLead: world.ids.offices.commissioningLead },
    });
    expect(opened.state.summary).toBe(
      'The finance and performance group prepares the report for the JCB on Thursday 19 August 2021',
    );

    clock.set('2021-08-05T10:00:00Z');
    const prepared = await act(opened, 'officer', 'RECORD_PREPARED', {
      preparedOn: '2021-08-05',
    });
    expect(prepared.state.summary).toBe(
      'Prepared: awaiting the JCB’s sign-off at its meeting on Thursday 19 August 2021',
    );

    clock.set(JCB_REMINDER);
    expect(await sweep()).toEqual({ fired: 1, stale: 0 });
    expect(await emails(opened.id, 'jcb-reminder')).toEqual([
      { to: world.ids.people.officer, left: 5 },
    ]);

    // No consensus at the JCB: deferred to its next meeting, which becomes the JCB date.
    clock.set('2021-08-19T17:00:00Z');
    const deferred = await act(await read(opened.id), 'officer', 'RECORD_JCB_DEFERRAL', {
      meetingDate: '2021-08-19',
      minuteReference: 'JCB 19 Aug 2021, item 6',
      reasons: 'No consensus on the discharge metric',
      nextMeetingDate: '2021-09-02',
    });
    expect(deferred.state.summary).toBe(
      'The finance and performance group prepares the report for the JCB on Thursday 2 September 2021',
    );

    clock.set(SUBMISSION_10_DAYS);
    expect(await sweep()).toEqual({ fired: 2, stale: 0 }); // the new JCB reminder and the submission one
    const preparedAgain = await act(await read(opened.id), 'officer', 'RECORD_PREPARED', {
      preparedOn: '2021-08-26',
    });
    expect(preparedAgain.state.summary).toBe(
      'Prepared: awaiting the JCB’s sign-off at its meeting on Thursday 2 September 2021',
    );

    clock.set('2021-09-02T17:00:00Z');
    const signedOff = await act(preparedAgain, 'officer', 'RECORD_JCB_SIGN_OFF', {
      meetingDate: '2021-09-02',
      minuteReference: 'JCB 2 Sep 2021, item 4',
    });
    expect(signedOff.state.summary).toBe(
      'Signed off by the JCB: awaiting the HWBB noting or approving it',
    );

    clock.set('2021-09-08T18:00:00Z');
    const noted = await act(signedOff, 'officer', 'RECORD_HWBB_OUTCOME', {
      outcome: 'noted',
      meetingDate: '2021-09-08',
      minuteReference: 'HWBB 8 Sep 2021, item 5',
    });
    expect(noted.state.summary).toBe(
      'Noted by the HWBB: awaiting submission to NHS England by Friday 10 September 2021',
    );

    clock.set(SUBMISSION_PASSED);
    expect(await sweep()).toEqual({ fired: 2, stale: 0 }); // the 5-day reminder, then the deadline
    const late = await read(opened.id);
    expect(late.state.summary).toBe(
      'Noted by the HWBB: awaiting submission to NHS England by Friday 10 September 2021 (overdue: the NHS England submission date)',
    );

    clock.set('2021-09-13T10:00:00Z');
    const submitted = await act(late, 'officer', 'RECORD_SUBMISSION', {
      submittedOn: '2021-09-13',
      reference: 'NHSE BCF Q1 return',
    });
    expect(submitted.state).toEqual({
      key: 'submitted',
      summary: 'Submitted to NHS England on Monday 13 September 2021',
      closed: true,
    });
    expect(submitted.openDeadlines).toEqual([]);
    expect(await verifyAudit(opened.id)).toEqual(
      expect.objectContaining({ ok: true, records: submitted.version }),
    );
  });
});
