import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { CaseView } from '../libs/engine/case-view.service';
import { ManualClock } from '../libs/core/clock.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/*
 * Version 2 of the BCF plan signed off under delegation, through the HTTP API against PostgreSQL:
 * the 2024/25 plan (submission by Sat 16 Nov 2024, noting by Mon 16 Dec, assurance expected Thu
 * 9 Jan 2025) agreed by the council's Chief Executive and the Integrated Care Board's, whose
 * organisation the council's directory names; the regional team asking for more information
 * (the assurance deadline paused, then moved); conditions with an owner and a due date, handed on,
 * escalated when late and met. London is on GMT from November to March: London times are UTC.
 */

type Who = 'officer' | 'ceo' | 'ao' | 'chair';
const ICB = 'NHS Hampshire and Isle of Wight Integrated Care Board';
const DATES = {
  submissionDeadline: '2024-11-16',
  notingDeadline: '2024-12-16',
  expectedAssuranceDate: '2025-01-09',
};

describe('BCF delegated sign-off, version 2: the ICB, information requests and owned conditions', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let clock: ManualClock;
  let world: BcfWorld;

  beforeEach(async () => {
    db = await openTestDatabase();
    clock = new ManualClock(new Date('2024-10-01T09:00:00Z'));
    app = await buildTestApp(db.ds, clock);
    // The council's directory as it is since July 2022: the NHS partner is an ICB.
    world = await buildBcfWorld(db.ds, {
      tweak: (spec) => {
        const nhs = spec.organisations.find((o) => o.key === 'ccg')!;
        Object.assign(nhs, { name: ICB, kind: 'icb' });
        spec.offices.find((o) => o.key === 'ao')!.title = `Chief Executive, ${ICB}`;
      },
    });
  });
  afterEach(async () => {
    await app.close();
    await db.drop();
  });

  const auth = (who: Who) => ({ Authorization: `Bearer ${world.keys[who]}` });

  async function open(): Promise<CaseView> {
    const res = await request(app.getHttpServer()).post('/api/cases').set(auth('officer')).send({
      template: 'bcf-delegated-sign-off',
      templateVersion: 2,
      title: 'Better Care Fund plan 2024/25',
      dates: DATES,
      roles: world.roles,
    });
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 201 });
    return res.body as CaseView;
  }

  async function post(c: CaseView, who: Who, type: string, payload: object = {}) {
    return request(app.getHttpServer())
      .post(`/api/cases/${c.id}/events`)
      .set(auth(who))
      .send({ type, expectedVersion: c.version, payload });
  }

  async function send(c: CaseView, who: Who, type: string, payload: object = {}) {
    const res = await post(c, who, type, payload);
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status: 200 });
    return res.body as CaseView;
  }

  const read = async (id: string) =>
    (await request(app.getHttpServer()).get(`/api/cases/${id}`).set(auth('officer')).expect(200))
      .body as CaseView;

  const deadlines = (c: CaseView) =>
    c.openDeadlines.map(({ key, kind, dueAt }) => ({ key, kind, dueAt }));

  /** Opened, agreed by both Chief Executives, approved under delegation and submitted on 12 Nov. */
  async function submitted(): Promise<CaseView> {
    const opened = await open();
    const sought = await send(opened, 'officer', 'SEEK_AGREEMENT');
    expect(sought.state.summary).toBe(
      'Awaiting agreement from the council’s Chief Executive and the Integrated Care Board’s Chief Executive',
    );
    const ao = await send(sought, 'ao', 'AGREE', { comments: 'Agreed for the ICB.' });
    expect(ao.state.summary).toBe('Awaiting agreement from the council’s Chief Executive');
    const ceo = await send(ao, 'ceo', 'AGREE');
    const approved = await send(ceo, 'chair', 'APPROVE');
    clock.set('2024-11-12T10:00:00Z');
    return send(approved, 'officer', 'RECORD_SUBMISSION', { submittedOn: '2024-11-12' });
  }

  it('names the Integrated Care Board’s Chief Executive, the organisation as the directory has it', async () => {
    const opened = await open();
    expect(opened.template).toMatchObject({ version: 2 });
    expect(opened.roles.accountableOfficer).toMatchObject({
      label: 'Chief Executive of the Integrated Care Board (its Accountable Officer)',
      actingAs: `Chief Executive, ${ICB}`,
    });
    expect(opened.roles.chiefExecutive.label).toBe('Chief Executive of the council');
  });

  it('pauses the assurance deadline while the regional team’s request for more information is open, then moves it by the days it was open', async () => {
    const sent = await submitted();
    expect(deadlines(sent)).toContainEqual({
      key: 'assurance',
      kind: 'deadline',
      dueAt: '2025-01-10T00:00:00.000Z',
    });

    // Asked before the submission: refused, naming its rule, nothing recorded.
    const early = await post(sent, 'officer', 'REQUEST_INFORMATION', {
      requestedOn: '2024-11-11',
      details: 'The discharge trajectory by month',
      respondBy: '2024-11-22',
    });
    expect(early.status).toBe(422);
    expect((await read(sent.id)).version).toBe(sent.version);

    clock.set('2024-12-02T10:00:00Z');
    const asked = await send(sent, 'officer', 'REQUEST_INFORMATION', {
      requestedOn: '2024-12-02',
      details: 'The discharge trajectory by month, and the capacity and demand plan',
      respondBy: '2024-12-13',
    });
    expect(asked.state).toMatchObject({
      key: 'postSubmission.assurance.informationRequested;postSubmission.noting.awaiting',
      summary:
        'Submitted: the regional team asked for more information, the assurance deadline paused until it is given; awaiting the HWBB noting the delegated approval',
    });
    // Paused: no assurance deadline; the response is due by Fri 13 Dec, reminded Wed 11 Dec.
    expect(deadlines(asked).filter((d) => d.key !== 'noting')).toEqual([
      { key: 'information', kind: 'reminder', dueAt: '2024-12-11T09:00:00.000Z' },
      { key: 'information', kind: 'deadline', dueAt: '2024-12-14T00:00:00.000Z' },
    ]);

    // The response is late: escalated to the officer and the HWBB chair.
    clock.set('2024-12-14T00:00:00Z');
    await app.get(DeadlineSweepService).sweep();
    const late = await read(asked.id);
    expect(late.overdue).toContain('information');

    // Given on Mon 16 Dec, 14 days after the request: assurance now expected Thu 23 Jan.
    clock.set('2024-12-16T11:00:00Z');
    const given = await send(late, 'officer', 'PROVIDE_INFORMATION', {
      givenOn: '2024-12-16',
      response: 'Trajectory and plan sent by email',
    });
    expect(given.state.key).toBe(
      'postSubmission.assurance.awaiting;postSubmission.noting.awaiting',
    );
    expect(given.overdue).not.toContain('information');
    expect(given.dates.expectedAssuranceDate).toBe('2025-01-23');
    expect(deadlines(given)).toContainEqual({
      key: 'assurance',
      kind: 'deadline',
      dueAt: '2025-01-24T00:00:00.000Z',
    });
    expect(deadlines(given).map((d) => d.key)).not.toContain('information');
  });

  it('gives conditions an owner and a due date: handed on, reminded, escalated when late, closed when all are met', async () => {
    const sent = await submitted();
    const noted = await send(sent, 'officer', 'RECORD_NOTING', {
      meetingDate: '2024-11-12',
      minuteReference: 'HWBB 12 Nov 2024, item 5',
    });
    clock.set('2025-01-09T10:00:00Z');
    // Conditions without an owner and a due date are refused.
    const unowned = await post(noted, 'officer', 'RECORD_ASSURANCE', {
      outcome: 'approvedWithConditions',
      receivedOn: '2025-01-09',
      conditions: ['Confirm the discharge fund split'],
    });
    expect(unowned.status).toBe(422);

    const conditioned = await send(noted, 'officer', 'RECORD_ASSURANCE', {
      outcome: 'approvedWithConditions',
      receivedOn: '2025-01-09',
      conditions: ['Confirm the discharge fund split', 'Publish the capacity plan'],
      conditionsOwner: 'chiefExecutive',
      conditionsDueBy: '2025-02-28',
    });
    expect(conditioned.awaiting.map((a) => a.role)).toEqual(['officer', 'chiefExecutive']);
    // Fri 28 Feb: reminded 5 working days before, Fri 21 Feb.
    expect(deadlines(conditioned)).toEqual([
      { key: 'condition-R1-C1', kind: 'reminder', dueAt: '2025-02-21T09:00:00.000Z' },
      { key: 'condition-R1-C2', kind: 'reminder', dueAt: '2025-02-21T09:00:00.000Z' },
      { key: 'condition-R1-C1', kind: 'deadline', dueAt: '2025-03-01T00:00:00.000Z' },
      { key: 'condition-R1-C2', kind: 'deadline', dueAt: '2025-03-01T00:00:00.000Z' },
    ]);

    const handed = await send(conditioned, 'officer', 'ASSIGN_CONDITION', {
      conditionId: 'R1-C2',
      owner: 'accountableOfficer',
      dueBy: '2025-03-14',
    });
    expect(handed.conditions).toEqual([
      expect.objectContaining({ id: 'R1-C1', owner: 'chiefExecutive', dueBy: '2025-02-28' }),
      expect.objectContaining({ id: 'R1-C2', owner: 'accountableOfficer', dueBy: '2025-03-14' }),
    ]);

    clock.set('2025-03-01T00:00:00Z');
    await app.get(DeadlineSweepService).sweep();
    const late = await read(handed.id);
    expect(late.state.summary).toBe(
      'Submitted: approved with conditions, 2 still to be met (1 overdue)',
    );
    expect(late.conditions).toEqual([
      expect.objectContaining({ id: 'R1-C1', overdue: true }),
      expect.objectContaining({ id: 'R1-C2', overdue: false }),
    ]);

    clock.set('2025-03-03T10:00:00Z');
    const one = await send(late, 'officer', 'MARK_CONDITION_MET', {
      conditionId: 'R1-C1',
      metOn: '2025-03-03',
    });
    const closed = await send(one, 'officer', 'MARK_CONDITION_MET', {
      conditionId: 'R1-C2',
      metOn: '2025-03-03',
      evidence: 'Published on the council’s website',
    });
    expect(closed.state).toMatchObject({ key: 'closed', closed: true });
    expect(closed.openDeadlines).toEqual([]);
  });

  it('lists deadlines due at the same instant by their key, in the reply to an event as GET reads them', async () => {
    const sent = await submitted();
    const noted = await send(sent, 'officer', 'RECORD_NOTING', {
      meetingDate: '2024-11-12',
      minuteReference: 'HWBB 12 Nov 2024, item 5',
    });
    clock.set('2025-01-09T10:00:00Z');
    const conditioned = await send(noted, 'officer', 'RECORD_ASSURANCE', {
      outcome: 'approvedWithConditions',
      receivedOn: '2025-01-09',
      conditions: ['Confirm the discharge fund split', 'Publish the capacity plan'],
      conditionsOwner: 'chiefExecutive',
      conditionsDueBy: '2025-02-28',
    });
    // The first condition handed on, due the same day: its deadlines are armed again, after the
    // second's, and still listed before them, by key.
    const handed = await post(conditioned, 'officer', 'ASSIGN_CONDITION', {
      conditionId: 'R1-C1',
      owner: 'accountableOfficer',
      dueBy: '2025-02-28',
    });
    expect({ status: handed.status, body: handed.body as unknown }).toMatchObject({ status: 200 });
    const sameDay = [
      { key: 'condition-R1-C1', kind: 'reminder', dueAt: '2025-02-21T09:00:00.000Z' },
      { key: 'condition-R1-C2', kind: 'reminder', dueAt: '2025-02-21T09:00:00.000Z' },
      { key: 'condition-R1-C1', kind: 'deadline', dueAt: '2025-03-01T00:00:00.000Z' },
      { key: 'condition-R1-C2', kind: 'deadline', dueAt: '2025-03-01T00:00:00.000Z' },
    ];
    expect(deadlines(handed.body as CaseView)).toEqual(sameDay);
    const got = await request(app.getHttpServer())
      .get(`/api/cases/${conditioned.id}`)
      .set(auth('officer'))
      .expect(200);
    expect(deadlines(got.body as CaseView)).toEqual(sameDay);
    expect(handed.text).toBe(got.text);
  });
});
