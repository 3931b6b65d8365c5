import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { ManualClock } from '../libs/core/clock.service';
import { DEMO_API_KEYS, seedDemo } from '../libs/demo/demo-seed.service';
import type { CaseView } from '../libs/engine/case-view.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { OpenCaseUseCase } from '../libs/engine/open-case.use-case';
import { SendEventUseCase } from '../libs/engine/send-event.use-case';
import { addDays, londonDate } from '../libs/governance/working-day-calendar.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';

/**
 * The demo's BCF plan (BCF delegated sign-off version 2, issue #15), walked on the demo's own
 * data as `npm start` seeds it: the council's Chief Executive agrees and the HWBB's chair approves
 * under delegation with their API keys, the officer records its submission; the regional team asks
 * for more information (the assurance deadline paused, the response reminded and, late, escalated),
 * the information is given (the expected assurance date moved by the days the request was open);
 * assurance comes with a condition owned by the Chief Executive with a due date, reminded, escalated
 * when late, and met.
 */
describe('the demo’s BCF plan: the regional team’s information request and an owned condition', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const clock = new ManualClock(new Date('2026-11-25T10:00:00Z'));
  const key = {
    officer: DEMO_API_KEYS.officer,
    ceo: DEMO_API_KEYS.chiefExecutive,
    chair: DEMO_API_KEYS.chair,
  };
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    db = await openTestDatabase();
    app = await buildTestApp(db.ds, clock);
    await seedDemo(db.ds, clock, app.get(OpenCaseUseCase), app.get(SendEventUseCase));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const send = async (
    c: CaseView,
    who: keyof typeof key,
    type: string,
    payload: Record<string, unknown> = {},
  ) => {
    const res = await api()
      .post(`/api/cases/${c.id}/events`)
      .set({ Authorization: `Bearer ${key[who]}` })
      .send({ type, expectedVersion: c.version, payload });
    expect({ type, status: res.status, detail: res.body.detail }).toEqual({
      type,
      status: 200,
      detail: undefined,
    });
    return res.body as CaseView;
  };
  const read = async (id: string) =>
    (
      await api()
        .get(`/api/cases/${id}`)
        .set({ Authorization: `Bearer ${key.officer}` })
        .expect(200)
    ).body as CaseView;
  const keysOf = (c: CaseView, kind: string) =>
    c.openDeadlines.filter((d) => d.kind === kind).map((d) => d.key);
  /** Emails of the case's message to whom, in order made. */
  const emails = (caseId: string, message: string) =>
    db.ds.query<{ name: string }[]>(
      `SELECT payload->'to'->>'name' AS name FROM effects WHERE case_id = $1 AND kind = 'email'
          AND payload->>'message' = $2 ORDER BY 1`,
      [caseId, message],
    );

  it('pauses the assurance deadline while the regional team’s request is open, then moves it; reminds and escalates the owned condition', async () => {
    const today = londonDate(clock.now());
    const list = await api()
      .get('/api/cases')
      .set({ Authorization: `Bearer ${key.officer}` })
      .expect(200);
    let c = (list.body.items as CaseView[]).find(
      (x) => x.template.id === 'bcf-delegated-sign-off',
    )!;
    expect(c.template.version).toBe(2);
    const expected = c.dates.expectedAssuranceDate;
    c = await send(c, 'ceo', 'AGREE');
    c = await send(c, 'chair', 'APPROVE', { comments: 'Approved under delegation.' });
    c = await send(c, 'officer', 'RECORD_SUBMISSION', { submittedOn: today });
    expect(keysOf(c, 'deadline')).toContain('assurance');

    // A week later the regional team asks for more: the assurance deadline waits.
    const askedOn = addDays(today, 7);
    clock.set(`${askedOn}T10:00:00Z`);
    c = await send(c, 'officer', 'REQUEST_INFORMATION', {
      requestedOn: askedOn,
      details: 'The discharge trajectory by month, and the capacity and demand plan',
      respondBy: addDays(askedOn, 7),
    });
    expect(c.state.summary).toMatch(
      /^Submitted: the regional team asked for more information, the assurance deadline paused until it is given/,
    );
    expect(keysOf(c, 'deadline')).not.toContain('assurance');
    expect(keysOf(c, 'deadline')).toContain('information');

    // Not given by the day it was due: overdue, escalated.
    clock.set(`${addDays(askedOn, 8)}T10:00:00Z`);
    await app.get(DeadlineSweepService).sweep();
    c = await read(c.id);
    expect(c.overdue).toContain('information');

    // Given ten days after it was asked: the expected assurance date moves by ten days.
    const givenOn = addDays(askedOn, 10);
    clock.set(`${givenOn}T10:00:00Z`);
    c = await send(c, 'officer', 'PROVIDE_INFORMATION', {
      givenOn,
      response: 'Trajectory and plan sent by email',
    });
    expect(c.overdue).not.toContain('information');
    expect(c.dates.expectedAssuranceDate).toBe(addDays(expected, 10));
    expect(keysOf(c, 'deadline')).toContain('assurance');

    c = await send(c, 'officer', 'RECORD_NOTING', {
      meetingDate: givenOn,
      minuteReference: 'HWBB, item 6',
    });
    const due = addDays(givenOn, 28);
    c = await send(c, 'officer', 'RECORD_ASSURANCE', {
      outcome: 'approvedWithConditions',
      receivedOn: givenOn,
      conditions: ['Confirm the discharge fund split'],
      conditionsOwner: 'chiefExecutive',
      conditionsDueBy: due,
    });
    expect(c.conditions).toEqual([
      expect.objectContaining({ owner: 'chiefExecutive', dueBy: due, overdue: false }),
    ]);

    // Reminded before it is due: its owner, the council's Chief Executive, is emailed.
    const [reminder] = c.openDeadlines.filter((d) => d.kind === 'reminder');
    expect(await emails(c.id, 'condition-reminder')).toEqual([]);
    clock.set(reminder.dueAt);
    await app.get(DeadlineSweepService).sweep();
    expect(await emails(c.id, 'condition-reminder')).toEqual([{ name: 'Morgan Hale' }]);

    // The day after it was due, still not met: overdue, escalated to its owner, the officer and
    // the HWBB chair.
    clock.set(`${addDays(due, 1)}T10:00:00Z`);
    await app.get(DeadlineSweepService).sweep();
    c = await read(c.id);
    expect(c.conditions).toEqual([expect.objectContaining({ overdue: true })]);
    expect(await emails(c.id, 'condition-overdue')).toEqual([
      { name: 'Cllr Alex Rowe' },
      { name: 'Dana Whitlock' },
      { name: 'Morgan Hale' },
    ]);
    c = await send(c, 'officer', 'MARK_CONDITION_MET', {
      conditionId: (c.conditions[0] as { id: string }).id,
      metOn: londonDate(clock.now()),
    });
    expect(c.state.closed).toBe(true);
  });
});
