import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld, withCommissioningLead } from '../libs/testing/world.factory';

/*
 * Version 2 of the BCF performance report through the HTTP API: the report states its period; a
 * quarter's report goes from the JCB to NHS England (Q1 2026/27: JCB Thu 20 Aug 2026, NHS England
 * by Thu 10 Sep), the year-end report to the HWBB first (2026/27: JCB Thu 20 May 2027, HWBB Wed
 * 2 Jun, NHS England by Fri 11 Jun) (DOMAIN.md workflow 5; seeds 000, 001, 004).
 */

describe('BCF performance report, version 2: quarters to NHS England, the year-end to the HWBB first', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let app: INestApplication;
  let cases: HttpCases;
  const clock = new ManualClock(new Date('2026-07-20T09:00:00Z'));

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds, {
      tweak: withCommissioningLead,
    });
    app = await buildTestApp(db.ds, clock);
    cases = new HttpCases(
      () => app,
      (who) => world.keys[who],
    );
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const emailsOf = async (caseId: string, message: string): Promise<number> =>
    Number(
      (
        (await db.ds.query(
          `SELECT count(*) AS n FROM effects WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2`,
          [caseId, message],
        )) as { n: string }[]
      )[0].n,
    );

  const open = (title: string, dates: Record<string, string>) =>
    cases.open({
      template: 'bcf-quarterly-performance-report',
      // Version 2's cases, opened by name since version 3 is current; they finish on it.
      templateVersion: 2,
      title,
      dates,
      roles: { commissioningLead: world.ids.offices.commissioningLead },
    });

  it('sends a quarter’s report from the JCB straight to NHS England, the HWBB not asked', async () => {
    clock.set('2026-07-20T09:00:00Z');
    const opened = await open('BCF performance report, Q1 2026/27', {
      jcbMeetingDate: '2026-08-20',
      submissionDate: '2026-09-10',
    });
    expect(opened.template).toMatchObject({ version: 2 });

    clock.set('2026-08-05T09:00:00Z');
    const noPeriod = await request(app.getHttpServer())
      .post(`/api/cases/${opened.id}/events`)
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .send({
        type: 'RECORD_PREPARED',
        expectedVersion: opened.version,
        payload: { preparedOn: '2026-08-05', period: 'Q4', financialYear: '2026/27' },
      });
    expect({ status: noPeriod.status, body: noPeriod.body as unknown }).toMatchObject({
      status: 422,
      body: {
        code: 'INVALID_INPUT',
        problems: [{ path: 'period', message: 'period must be Q1, Q2, Q3 or yearEnd' }],
      },
    });

    const prepared = await cases.act(opened, 'officer', 'RECORD_PREPARED', {
      preparedOn: '2026-08-05',
      period: 'Q1',
      financialYear: '2026/27',
    });
    expect(prepared.state.summary).toBe(
      'Quarter 1 2026/27 report: prepared: awaiting the JCB’s sign-off at its meeting on Thursday 20 August 2026',
    );
    clock.set('2026-08-20T18:00:00Z');
    const signedOff = await cases.act(prepared, 'officer', 'RECORD_JCB_SIGN_OFF', {
      meetingDate: '2026-08-20',
      minuteReference: 'JCB 20 Aug 2026, item 6',
    });
    expect(signedOff.state).toMatchObject({
      key: 'open.readyToSubmit',
      summary:
        'Quarter 1 2026/27 report: signed off by the JCB, awaiting submission to NHS England by Thursday 10 September 2026',
    });
    expect(await emailsOf(opened.id, 'report-for-hwbb')).toBe(0);
    expect(await emailsOf(opened.id, 'report-ready-to-submit')).toBe(1);

    // A quarter's report is not the HWBB's to note.
    const hwbb = await request(app.getHttpServer())
      .post(`/api/cases/${opened.id}/events`)
      .set({ Authorization: `Bearer ${world.keys.officer}` })
      .send({
        type: 'RECORD_HWBB_OUTCOME',
        expectedVersion: signedOff.version,
        payload: {
          outcome: 'noted',
          meetingDate: '2026-08-20',
          minuteReference: 'HWBB 20 Aug 2026, item 4',
        },
      });
    expect((hwbb.body as { code: string }).code).toBe('EVENT_NOT_ALLOWED');

    clock.set('2026-09-08T10:00:00Z');
    const submitted = await cases.act(signedOff, 'officer', 'RECORD_SUBMISSION', {
      submittedOn: '2026-09-08',
    });
    expect(submitted.state).toMatchObject({
      closed: true,
      summary: 'Quarter 1 2026/27 report: submitted to NHS England on Tuesday 8 September 2026',
    });
  });

  it('takes the year-end report to the HWBB after the JCB, then to NHS England', async () => {
    clock.set('2027-04-20T09:00:00Z');
    const opened = await open('BCF year-end report 2026/27', {
      jcbMeetingDate: '2027-05-20',
      submissionDate: '2027-06-11',
    });
    clock.set('2027-05-06T09:00:00Z');
    const prepared = await cases.act(opened, 'officer', 'RECORD_PREPARED', {
      preparedOn: '2027-05-06',
      period: 'yearEnd',
      financialYear: '2026/27',
    });
    clock.set('2027-05-20T18:00:00Z');
    const signedOff = await cases.act(prepared, 'officer', 'RECORD_JCB_SIGN_OFF', {
      meetingDate: '2027-05-20',
      minuteReference: 'JCB 20 May 2027, item 5',
    });
    expect(signedOff.state).toMatchObject({
      key: 'open.hwbb',
      summary:
        'Year-end 2026/27 report: signed off by the JCB: awaiting the HWBB noting or approving the year-end report before NHS England',
    });
    expect(await emailsOf(opened.id, 'report-for-hwbb')).toBe(1);

    clock.set('2027-06-02T18:00:00Z');
    const noted = await cases.act(signedOff, 'officer', 'RECORD_HWBB_OUTCOME', {
      outcome: 'noted',
      meetingDate: '2027-06-02',
      minuteReference: 'HWBB 2 Jun 2027, item 7',
    });
    expect(noted.state.summary).toBe(
      'Year-end 2026/27 report: noted by the HWBB: awaiting submission to NHS England by Friday 11 June 2027',
    );
    clock.set('2027-06-09T10:00:00Z');
    const submitted = await cases.act(noted, 'officer', 'RECORD_SUBMISSION', {
      submittedOn: '2027-06-09',
    });
    expect(submitted.state.closed).toBe(true);
    expect(await cases.verify(opened.id)).toEqual(
      expect.objectContaining({ ok: true, records: submitted.version }),
    );
  });
});
