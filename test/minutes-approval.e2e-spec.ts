import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { type Journey, journeyHarness } from '../libs/testing/journey-harness.service';
import type { TestDatabase } from '../libs/testing/test-database.service';
import type { BcfWorld } from '../libs/testing/world.factory';

/*
 * The seed's meetings (002): the HWBB approves the minutes of 28 June 2017 at its meeting on
 * Wednesday 26 July 2017. London is on BST then (UTC+1): the reminder 5 working days before the
 * meeting falls on Wed 19 July at 09:00 (08:00Z); the meeting deadline passes when 26 July ends in
 * London (23:00Z).
 */
const REMINDER_AT = '2017-07-19T08:00:00.000Z';
const MEETING_PASSED = '2017-07-26T23:00:00.000Z';
const AMENDMENT = 'The CCG member’s interest to read “Governing Body”, not “Governance Board”';

describe('minutes approval, version 1: from the Board’s resolution typed by the officer to the chair’s signature', () => {
  const j = journeyHarness('2017-07-03T09:00:00Z');
  const { clock, act, read, sweep } = j;
  let db: TestDatabase;
  let world: BcfWorld;
  let h: Journey['h'];
  let app: INestApplication;
  beforeAll(() => ({ db, world, h, app } = j.ready()));

  type Who = 'officer' | 'chair' | 'gp';
  const auth = (who: Who) => ({ Authorization: `Bearer ${world.keys[who]}` });

  const emails = (caseId: string): Promise<{ message: string; to: string }[]> =>
    db.ds.query(
      `SELECT payload->>'message' AS message, payload->'to'->>'id' AS to FROM effects
        WHERE case_id = $1 AND kind = 'email' ORDER BY created_at, id`,
      [caseId],
    );

  it('approves the minutes with an amendment, corrects them, escalates the passed meeting and closes on the chair’s signature', async () => {
    const { caseId } = await h.open.open(
      {
        template: 'minutes-approval',
        templateVersion: 1,
        title: 'HWBB minutes of 28 June 2017',
        dates: { meetingDate: '2017-06-28', nextMeetingDate: '2017-07-26' },
        roles: { chair: world.ids.offices.chair },
      },
      world.actors.officer,
    );
    const opened = await h.views.get(world.tenantId, caseId);
    expect(opened.template).toEqual({
      id: 'minutes-approval',
      version: 1,
      title: 'Minutes approved and signed as a correct record',
    });
    expect(opened.state.summary).toBe(
      'Awaiting the Board’s approval of the minutes of Wednesday 28 June 2017 at its meeting on Wednesday 26 July 2017',
    );
    expect(opened.openDeadlines.map((d) => [d.kind, d.dueAt])).toEqual([
      ['reminder', REMINDER_AT],
      ['deadline', MEETING_PASSED],
    ]);

    h.clock.set(REMINDER_AT);
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    expect(await emails(caseId)).toEqual([
      { message: 'meeting-reminder', to: world.ids.people.officer },
    ]);

    h.clock.set('2017-07-26T18:30:00Z');
    await h.send.send(
      caseId,
      {
        type: 'RECORD_APPROVAL',
        payload: {
          meetingDate: '2017-07-26',
          minuteReference: 'HWBB 26 Jul 2017, minute 2',
          amendments: [AMENDMENT],
        },
      },
      world.actors.officer,
      { expectedVersion: 2 },
    );
    const approved = await h.views.get(world.tenantId, caseId);
    expect(approved.state.summary).toBe(
      'Approved as a correct record with 1 amendment: awaiting the chair’s signature',
    );
    expect(approved.awaiting.map((a) => a.person?.id)).toEqual([world.ids.people.chair]);

    // Only the holder of the chair's office signs.
    await expect(
      h.send.send(caseId, { type: 'SIGN', payload: {} }, world.actors.gp, { expectedVersion: 3 }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });

    await h.send.send(
      caseId,
      { type: 'RETURN_FOR_CORRECTION', payload: { reasons: 'The amendment is missing' } },
      world.actors.chair,
      { expectedVersion: 3 },
    );
    expect((await h.views.get(world.tenantId, caseId)).state.summary).toBe(
      'Returned by the chair for correction (The amendment is missing): the officer corrects the minutes',
    );
    await h.send.send(
      caseId,
      {
        type: 'RECORD_CORRECTION',
        payload: { correctedOn: '2017-07-26', details: 'Amendment added to minute 1' },
      },
      world.actors.officer,
      { expectedVersion: 4 },
    );

    // The meeting day ends unsigned: the officer and the chair are told.
    h.clock.set(MEETING_PASSED);
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    const late = await h.views.get(world.tenantId, caseId);
    expect(late.overdue).toEqual(['meeting']);
    expect(late.state.summary).toBe(
      'Approved as a correct record with 1 amendment: awaiting the chair’s signature (overdue: the meeting has passed)',
    );
    const overdueTo = (await emails(caseId))
      .filter((e) => e.message === 'minutes-overdue')
      .map((e) => e.to);
    expect(overdueTo.sort()).toEqual([world.ids.people.officer, world.ids.people.chair].sort());

    await h.send.send(caseId, { type: 'SIGN', payload: {} }, world.actors.chair, {
      expectedVersion: 6,
    });
    const signed = await h.views.get(world.tenantId, caseId);
    expect(signed.state).toEqual({
      key: 'signed',
      summary: 'Signed by the chair as a correct record, with 1 amendment',
      closed: true,
    });
    expect(signed.openDeadlines).toEqual([]);
    expect(
      (signed.context as { resolution: { amendments: string[] } }).resolution.amendments,
    ).toEqual([AMENDMENT]);
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toEqual(
      expect.objectContaining({ ok: true, records: 7 }),
    );
  });

  it('runs the whole journey through the HTTP API', async () => {
    clock.set('2017-07-03T09:00:00Z');
    const created = await request(app.getHttpServer())
      .post('/api/cases')
      .set(auth('officer'))
      .send({
        template: 'minutes-approval',
        templateVersion: 1,
        title: 'HWBB minutes of 28 June 2017 (through the API)',
        dates: { meetingDate: '2017-06-28', nextMeetingDate: '2017-07-26' },
        roles: { chair: world.ids.offices.chair },
      })
      .expect(201);
    const opened = created.body as CaseView;
    expect(opened.state.summary).toBe(
      'Awaiting the Board’s approval of the minutes of Wednesday 28 June 2017 at its meeting on Wednesday 26 July 2017',
    );
    expect(opened.openDeadlines.map((d) => [d.kind, d.dueAt])).toEqual([
      ['reminder', REMINDER_AT],
      ['deadline', MEETING_PASSED],
    ]);

    clock.set(REMINDER_AT);
    expect(await sweep()).toEqual({ fired: 1, stale: 0 });
    const reminded = await read(opened.id);
    expect(await emails(opened.id)).toEqual([
      { message: 'meeting-reminder', to: world.ids.people.officer },
    ]);

    clock.set('2017-07-26T18:30:00Z');
    const approved = await act(reminded, 'officer', 'RECORD_APPROVAL', {
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 2',
      amendments: [AMENDMENT],
    });
    expect(approved.state.summary).toBe(
      'Approved as a correct record with 1 amendment: awaiting the chair’s signature',
    );
    expect(approved.awaiting.map((a) => a.person?.id)).toEqual([world.ids.people.chair]);

    // Only the holder of the chair's office signs.
    const refused = await request(app.getHttpServer())
      .post(`/api/cases/${opened.id}/events`)
      .set(auth('gp'))
      .send({ type: 'SIGN', expectedVersion: approved.version, payload: {} });
    expect({ status: refused.status, code: (refused.body as { code: string }).code }).toEqual({
      status: 403,
      code: 'NOT_AUTHORISED',
    });

    const returned = await act(approved, 'chair', 'RETURN_FOR_CORRECTION', {
      reasons: 'The amendment is missing',
    });
    expect(returned.state.summary).toBe(
      'Returned by the chair for correction (The amendment is missing): the officer corrects the minutes',
    );
    const corrected = await act(returned, 'officer', 'RECORD_CORRECTION', {
      correctedOn: '2017-07-26',
      details: 'Amendment added to minute 1',
    });
    expect(corrected.awaiting.map((a) => a.person?.id)).toEqual([world.ids.people.chair]);

    // The meeting day ends unsigned: the officer and the chair are told.
    clock.set(MEETING_PASSED);
    expect(await sweep()).toEqual({ fired: 1, stale: 0 });
    const late = await read(opened.id);
    expect(late.overdue).toEqual(['meeting']);
    expect(late.state.summary).toBe(
      'Approved as a correct record with 1 amendment: awaiting the chair’s signature (overdue: the meeting has passed)',
    );

    const signed = await act(late, 'chair', 'SIGN');
    expect(signed.state).toEqual({
      key: 'signed',
      summary: 'Signed by the chair as a correct record, with 1 amendment',
      closed: true,
    });
    expect(signed.openDeadlines).toEqual([]);

    const verified = await request(app.getHttpServer())
      .get(`/api/cases/${opened.id}/audit/verify`)
      .set(auth('officer'))
      .expect(200);
    expect(verified.body).toEqual(expect.objectContaining({ ok: true, records: 7 }));
  });
});
