import { engineHarness } from '../libs/testing/engine-harness.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/*
 * The seed's meetings (002): the HWBB approves the minutes of 28 June 2017 at its meeting on
 * Wednesday 26 July 2017. London is on BST then (UTC+1): the reminder 5 working days before the
 * meeting falls on Wed 19 July at 09:00 (08:00Z); the meeting deadline passes when 26 July ends in
 * London (23:00Z).
 */
const REMINDER_AT = '2017-07-19T08:00:00.000Z';
const MEETING_PASSED = '2017-07-26T23:00:00.000Z';
const AMENDMENT = 'The CCG member’s interest to read “Governing Body”, not “Governance Board”';

describe('minutes approval, from the Board’s resolution to the chair’s signature', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let h: ReturnType<typeof engineHarness>;

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds);
    h = engineHarness(db.ds, '2017-07-03T09:00:00Z');
  });
  afterAll(async () => {
    await db.drop();
  });

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
      'Awaiting the Board’s approval of the minutes of 2017-06-28 at its meeting on 2017-07-26',
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
});
