import { randomBytes } from 'node:crypto';
import type { Actor } from '../libs/core/actor.dto';
import { INestApplication } from '@nestjs/common';
import type { CaseView } from '../libs/engine/case-view.service';
import { ManualClock } from '../libs/core/clock.service';
import { DeadlineSweepService } from '../libs/engine/deadline-sweep.service';
import { engineHarness } from '../libs/testing/engine-harness.service';
import { HttpCases } from '../libs/testing/http-cases.service';
import { buildTestApp } from '../libs/testing/test-app.service';
import { openTestDatabase, TestDatabase } from '../libs/testing/test-database.service';
import { BcfWorld, buildBcfWorld } from '../libs/testing/world.factory';

/*
 * NHS England notifies the HWBB on Tue 1 August 2017: the response is due 45 days later, Fri 15
 * September. London is on BST (UTC+1): reminders fall at 09:00 (08:00Z), a date passes when it
 * ends in London (23:00Z). 10 and 5 working days before 15 September are 1 and 8 September;
 * circulation is due Tue 15 August (reminder 3 working days before: Thu 10 August). Circulated on
 * 16 August, feedback is due Wed 30 August, reminded Thu 24 August (Mon 28 August was the summer
 * bank holiday).
 */
const DATES = { notifiedOn: '2017-08-01', responseDeadline: '2017-09-15' };
const RESPONSE_REMINDERS = ['2017-09-01T08:00:00.000Z', '2017-09-08T08:00:00.000Z'];
const RESPONSE_PASSED = '2017-09-15T23:00:00.000Z';
const CIRCULATION_REMINDER = '2017-08-10T08:00:00.000Z';
const CIRCULATION_PASSED = '2017-08-15T23:00:00.000Z';
const FEEDBACK_REMINDER = '2017-08-24T08:00:00.000Z';

/** The named list of seed 002 item 7, para 8 and recommendation (ii). */
const FULL_LIST = [
  { name: 'Cllr Chris Lane', category: 'cabinetMember' },
  { name: 'Cllr Pat Moss', category: 'wardMember' },
  { name: 'NHS Southampton City CCG', category: 'ccg' },
  { name: 'Public Health team, SCC', category: 'publicHealth' },
  { name: 'Planning Policy team, SCC', category: 'planningPolicy' },
  { name: 'Cllr Sam Ferris', category: 'scrutinyChair' },
  { name: 'Healthwatch Southampton', category: 'healthwatch' },
  { name: 'Cllr Alex Rowe', category: 'hwbbMember', represents: 'council' },
  { name: 'Dr Sam Okafor', category: 'hwbbMember', represents: 'ccg' },
];

describe('pharmacy consolidation representation, from NHS England’s notification to the response', () => {
  let db: TestDatabase;
  let world: BcfWorld;
  let h: ReturnType<typeof engineHarness>;
  let app: INestApplication;
  let clock: ManualClock;
  let dph: Actor;
  const DPH_KEY = `test-dph-${randomBytes(12).toString('hex')}`;

  beforeAll(async () => {
    db = await openTestDatabase();
    world = await buildBcfWorld(db.ds, {
      tweak: (spec) => {
        spec.people.push(
          {
            key: 'dph',
            name: 'Dr Jordan Hart',
            email: `jordan.hart@${spec.slug}.test`,
            organisation: 'council',
            apiKey: DPH_KEY,
          },
          {
            key: 'scrutinyChair',
            name: 'Cllr Sam Ferris',
            email: `sam.ferris@${spec.slug}.test`,
            organisation: 'council',
          },
        );
        spec.offices.push(
          {
            key: 'dph',
            title: 'Director of Public Health, Southampton City Council',
            organisation: 'council',
            holder: 'dph',
          },
          {
            key: 'scrutinyChair',
            title: 'Chair, Health Overview and Scrutiny Panel',
            organisation: 'council',
            holder: 'scrutinyChair',
          },
        );
      },
    });
    const [p]: { id: string; name: string; email: string }[] = await db.ds.query(
      'SELECT id, name, email FROM people WHERE id = $1',
      [world.ids.people.dph],
    );
    dph = {
      kind: 'person',
      tenantId: world.tenantId,
      person: { ...p, tenantId: world.tenantId, isOfficer: false },
    };
    h = engineHarness(db.ds, '2017-08-02T09:00:00Z');
    clock = new ManualClock(new Date('2017-08-02T09:00:00Z'));
    app = await buildTestApp(db.ds, clock);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  type Who = 'officer' | 'dph';
  const http = new HttpCases(
    () => app,
    (who) => (who === 'dph' ? DPH_KEY : world.keys[who]),
  );

  const act = (seen: CaseView, who: Who, type: string, payload: Record<string, unknown> = {}) =>
    http.act(seen, who, type, payload);

  const openThroughApi = (body: Record<string, unknown>) => http.open(body);

  const read = (caseId: string) => http.read(caseId);

  const verifyAudit = (caseId: string) => http.verify(caseId);

  const sweep = () => app.get(DeadlineSweepService).sweep();

  const roles = () => ({
    dph: world.ids.offices.dph,
    hwbbChair: world.ids.offices.chair,
    scrutinyChair: world.ids.offices.scrutinyChair,
  });
  const open = (title: string, dates: Record<string, string> = DATES) =>
    h.open.open(
      {
        template: 'pharmacy-consolidation-representation',
        templateVersion: 1,
        title,
        dates,
        roles: roles(),
      },
      world.actors.officer,
    );

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

  const emails = async (caseId: string, message: string): Promise<string[]> => {
    const rows: { to: string }[] = await db.ds.query(
      `SELECT payload->'to'->>'id' AS to FROM effects
        WHERE case_id = $1 AND kind = 'email' AND payload->>'message' = $2`,
      [caseId, message],
    );
    return rows.map((r) => r.to).sort();
  };
  const people = (...keys: string[]) => keys.map((k) => world.ids.people[k]).sort();

  const eia = {
    recordedOn: '2017-08-29',
    documentName: 'EIA consolidation Portswood and Highfield.pdf',
    summary: 'Older and disabled residents of the estate would travel further',
  };

  it('refuses a response deadline that is not 45 calendar days after the notification', async () => {
    await expect(
      open('Consolidation: wrong deadline', { ...DATES, responseDeadline: '2017-09-14' }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      problems: [
        {
          path: 'dates.responseDeadline',
          message: 'the response is due 45 calendar days after notification: 2017-09-15',
        },
      ],
    });
  });

  it('circulates a contentious application to the named list, escalates the late circulation, meets, and sends the decision after the EIA', async () => {
    h.clock.set('2017-08-02T09:00:00Z');
    const { caseId } = await open('Consolidation of Portswood and Highfield pharmacies');
    const opened = await h.views.get(world.tenantId, caseId);
    expect(opened.state.summary).toBe(
      'Notified on 2017-08-01: awaiting triage, contentious or not (response due 2017-09-15)',
    );
    expect(opened.openDeadlines.map((d) => [d.key, d.kind, d.dueAt])).toEqual([
      ['response', 'reminder', RESPONSE_REMINDERS[0]],
      ['response', 'reminder', RESPONSE_REMINDERS[1]],
      ['response', 'deadline', RESPONSE_PASSED],
    ]);
    expect(await emails(caseId, 'consolidation-notified')).toEqual(
      people('dph', 'chair', 'scrutinyChair'),
    );

    // Nothing can be decided before the application is triaged.
    await expect(
      send(
        caseId,
        'RECORD_DECISION',
        { decidedOn: '2017-08-02', opinion: 'noGap', representation: 'No gap' },
        dph,
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ALLOWED' });

    const triaged = await send(caseId, 'TRIAGE', {
      route: 'contentious',
      reasons: 'The DPH and the HWBB chair expect objections from the estate',
    });
    expect(triaged.state.summary).toBe(
      'Contentious: awaiting circulation by the Director of Public Health by 2017-08-15 (EIA not yet attached; response due 2017-09-15)',
    );
    expect(triaged.awaiting.map((a) => a.person?.id)).toEqual([world.ids.people.dph]);
    expect(
      triaged.openDeadlines.filter((d) => d.key === 'circulation').map((d) => d.dueAt),
    ).toEqual([CIRCULATION_REMINDER, CIRCULATION_PASSED]);

    // Circulation is the DPH's, and to the whole named list.
    await expect(
      send(caseId, 'CIRCULATE', { circulatedOn: '2017-08-09', recipients: FULL_LIST }),
    ).rejects.toMatchObject({ code: 'NOT_AUTHORISED' });
    const short = FULL_LIST.filter(
      (r) => r.category !== 'planningPolicy' && r.represents !== 'ccg',
    );
    await expect(
      send(caseId, 'CIRCULATE', { circulatedOn: '2017-08-09', recipients: short }, dph),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      problems: [
        {
          path: 'recipients',
          message: 'the circulation list is missing the Planning Policy team',
        },
        {
          path: 'recipients',
          message:
            'circulate to at least 2 other HWBB members, one representing the council and one the CCG',
        },
      ],
    });

    h.clock.set(CIRCULATION_REMINDER);
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    expect(await emails(caseId, 'circulation-reminder')).toEqual(people('dph'));

    // 14 calendar days pass without circulation: escalated to the officer and the DPH.
    h.clock.set(CIRCULATION_PASSED);
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    expect(await emails(caseId, 'circulation-overdue')).toEqual(people('officer', 'dph'));
    expect((await h.views.get(world.tenantId, caseId)).overdue).toEqual(['circulation']);

    h.clock.set('2017-08-16T10:00:00Z');
    const circulated = await send(
      caseId,
      'CIRCULATE',
      { circulatedOn: '2017-08-16', recipients: FULL_LIST },
      dph,
    );
    expect(circulated.state.summary).toBe(
      'Contentious: circulated on 2017-08-16, feedback due by 2017-08-30 (0 responses; EIA not yet attached; response due 2017-09-15) (overdue: circulation within 14 days of notification)',
    );
    expect(
      circulated.openDeadlines.filter((d) => d.key !== 'response').map((d) => [d.key, d.dueAt]),
    ).toEqual([
      ['feedback', FEEDBACK_REMINDER],
      ['feedback', '2017-08-30T23:00:00.000Z'],
    ]);

    // Everyone consulted declares their interests, if only "none"; the responses came in by 22 Aug.
    h.clock.set('2017-08-22T10:00:00Z');
    const ward = {
      consultee: { name: 'Cllr Pat Moss', category: 'wardMember' },
      respondedOn: '2017-08-21',
      response: 'Residents of the estate would lose walk-in access',
    };
    await expect(send(caseId, 'RECORD_CONSULTATION_RESPONSE', ward)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      problems: [expect.objectContaining({ path: 'declaration' })],
    });
    await send(caseId, 'RECORD_CONSULTATION_RESPONSE', {
      ...ward,
      declaration: 'I am a customer of the Highfield pharmacy',
    });
    const responded = await send(
      caseId,
      'RECORD_CONSULTATION_RESPONSE',
      {
        consultee: { name: 'NHS Southampton City CCG', category: 'ccg' },
        respondedOn: '2017-08-22',
        response: 'Capacity at Portswood is sufficient',
        declaration: 'none',
      },
      dph,
    );
    expect(responded.state.summary).toContain('(2 responses; EIA not yet attached;');

    h.clock.set(FEEDBACK_REMINDER);
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    expect(await emails(caseId, 'feedback-reminder')).toEqual(people('officer', 'dph'));

    // No clear response electronically: the group meets.
    h.clock.set('2017-08-31T09:00:00Z');
    const called = await send(
      caseId,
      'CALL_MEETING',
      { reasons: 'The ward member and the CCG disagree about access' },
      dph,
    );
    expect(called.openDeadlines.map((d) => d.key)).toEqual(['response', 'response', 'response']);
    expect(await emails(caseId, 'meeting-to-arrange')).toEqual(people('officer'));
    const met = await send(caseId, 'RECORD_MEETING', {
      meetingDate: '2017-08-31',
      attendees: [
        { name: 'Cllr Chris Lane', category: 'cabinetMember', declaration: 'none' },
        {
          name: 'Cllr Pat Moss',
          category: 'wardMember',
          declaration: 'I am a customer of the Highfield pharmacy',
        },
      ],
      outcome: 'Agreed that removing Highfield would create a gap for the estate',
    });
    expect(met.state.summary).toBe(
      'Contentious: no clear response electronically, the group meets (met on 2017-08-31; EIA not yet attached; response due 2017-09-15) (overdue: circulation within 14 days of notification)',
    );

    // No decision without the Equality Impact Assessment.
    const decision = {
      decidedOn: '2017-09-04',
      opinion: 'gap',
      representation: 'Removing the Highfield premises would create a gap for the estate.',
    };
    await expect(
      send(caseId, 'RECORD_DECISION', { ...decision, decidedOn: '2017-08-31' }, dph),
    ).rejects.toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
    });
    await send(caseId, 'RECORD_EIA', eia);

    h.clock.set(RESPONSE_REMINDERS[0]);
    expect(await h.sweep.sweep()).toEqual({ fired: 1, stale: 0 });
    expect(await emails(caseId, 'response-reminder')).toEqual(people('officer', 'dph'));

    // The decision is the DPH's alone.
    h.clock.set('2017-09-04T10:00:00Z');
    await expect(send(caseId, 'RECORD_DECISION', decision)).rejects.toMatchObject({
      code: 'NOT_AUTHORISED',
    });
    const decided = await send(caseId, 'RECORD_DECISION', decision, dph);
    expect(decided.state.summary).toBe(
      'Decided by the Director of Public Health on 2017-09-04: awaiting the response to NHS England by 2017-09-15 (overdue: circulation within 14 days of notification)',
    );
    expect(decided.awaiting.map((a) => a.role)).toEqual(['officer']);

    h.clock.set('2017-09-05T10:00:00Z');
    const closed = await send(caseId, 'RECORD_RESPONSE_SENT', {
      sentOn: '2017-09-05',
      reference: 'NHSE/PC/2017/014',
    });
    expect(closed.state).toEqual({
      key: 'closed',
      summary:
        'Closed: representation (a gap in pharmaceutical services) sent to NHS England on 2017-09-05 (NHSE/PC/2017/014)',
      closed: true,
    });
    expect(closed.openDeadlines).toEqual([]);
    expect(await emails(caseId, 'response-sent')).toEqual(people('dph', 'chair', 'scrutinyChair'));
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toEqual(
      expect.objectContaining({ ok: true, records: closed.version }),
    );
  });

  it('lets the DPH decide a non-contentious application only after the HWBB chair and a ward member, and escalates the passed 45-day deadline', async () => {
    h.clock.set('2017-08-02T09:00:00Z');
    const { caseId } = await open('Consolidation of two Shirley pharmacies');
    const triaged = await send(caseId, 'TRIAGE', {
      route: 'nonContentious',
      reasons: 'Both premises are on the same parade',
    });
    expect(triaged.state.summary).toBe(
      'Non-contentious: the Director of Public Health consults the HWBB chair and ward members (0 responses; EIA not yet attached; response due 2017-09-15)',
    );
    expect(triaged.openDeadlines.every((d) => d.key === 'response')).toBe(true);
    // The EIA is dated 29 Aug: recorded that day.
    h.clock.set('2017-08-29T10:00:00Z');
    await send(caseId, 'RECORD_EIA', eia);
    await send(caseId, 'RECORD_CONSULTATION_RESPONSE', {
      consultee: { name: 'Cllr Alex Rowe', category: 'hwbbChair' },
      respondedOn: '2017-08-07',
      response: 'No gap',
      declaration: 'none',
    });
    const decision = {
      decidedOn: '2017-09-18',
      opinion: 'noGap',
      representation: 'The removal would not create a gap in pharmaceutical services.',
    };
    // The ward members are still to be consulted.
    await expect(
      send(caseId, 'RECORD_DECISION', { ...decision, decidedOn: '2017-08-29' }, dph),
    ).rejects.toMatchObject({
      code: 'EVENT_NOT_ALLOWED',
    });

    // The 45th day ends with no response: both reminders, then the escalation.
    h.clock.set(RESPONSE_PASSED);
    expect(await h.sweep.sweep()).toEqual({ fired: 3, stale: 0 });
    expect(await emails(caseId, 'response-overdue')).toEqual(people('officer', 'dph'));
    const late = await h.views.get(world.tenantId, caseId);
    expect(late.overdue).toEqual(['response']);
    expect(late.state.summary).toBe(
      'Non-contentious: the Director of Public Health consults the HWBB chair and ward members (1 response; EIA attached; response due 2017-09-15) (overdue: the 45-day response to NHS England)',
    );

    h.clock.set('2017-09-18T09:00:00Z');
    await send(caseId, 'RECORD_CONSULTATION_RESPONSE', {
      consultee: { name: 'Cllr Pat Moss', category: 'wardMember' },
      respondedOn: '2017-09-18',
      response: 'No objection',
      declaration: 'none',
    });
    await send(caseId, 'RECORD_DECISION', decision, dph);
    const closed = await send(caseId, 'RECORD_RESPONSE_SENT', {
      sentOn: '2017-09-18',
      reference: 'NHSE/PC/2017/015',
    });
    expect(closed.state.closed).toBe(true);
    expect(closed.context).toEqual(
      expect.objectContaining({
        route: 'nonContentious',
        decision: expect.objectContaining({ opinion: 'noGap' }),
        overdue: { response: true, circulation: false, feedback: false },
      }),
    );
    expect(await emails(caseId, 'response-sent')).toEqual(people('dph', 'chair', 'scrutinyChair'));
  });

  it('runs the whole journey through the HTTP API', async () => {
    clock.set('2017-08-02T09:00:00Z');
    const opened = await openThroughApi({
      template: 'pharmacy-consolidation-representation',
      templateVersion: 1,
      title: 'Consolidation of Portswood and Highfield pharmacies (through the API)',
      dates: DATES,
      roles: roles(),
    });
    expect(opened.state.summary).toBe(
      'Notified on 2017-08-01: awaiting triage, contentious or not (response due 2017-09-15)',
    );

    const triaged = await act(opened, 'officer', 'TRIAGE', {
      route: 'contentious',
      reasons: 'The DPH and the HWBB chair expect objections from the estate',
    });
    expect(triaged.state.summary).toBe(
      'Contentious: awaiting circulation by the Director of Public Health by 2017-08-15 (EIA not yet attached; response due 2017-09-15)',
    );
    expect(triaged.awaiting.map((a) => a.person?.id)).toEqual([world.ids.people.dph]);

    clock.set(CIRCULATION_REMINDER);
    expect(await sweep()).toEqual({ fired: 1, stale: 0 });
    // 14 calendar days pass without circulation: escalated to the officer and the DPH.
    clock.set(CIRCULATION_PASSED);
    expect(await sweep()).toEqual({ fired: 1, stale: 0 });
    const unCirculated = await read(opened.id);
    expect(unCirculated.overdue).toEqual(['circulation']);

    clock.set('2017-08-16T10:00:00Z');
    const circulated = await act(unCirculated, 'dph', 'CIRCULATE', {
      circulatedOn: '2017-08-16',
      recipients: FULL_LIST,
    });
    expect(circulated.state.summary).toBe(
      'Contentious: circulated on 2017-08-16, feedback due by 2017-08-30 (0 responses; EIA not yet attached; response due 2017-09-15) (overdue: circulation within 14 days of notification)',
    );

    clock.set('2017-08-22T10:00:00Z');
    const wardResponded = await act(circulated, 'officer', 'RECORD_CONSULTATION_RESPONSE', {
      consultee: { name: 'Cllr Pat Moss', category: 'wardMember' },
      respondedOn: '2017-08-21',
      response: 'Residents of the estate would lose walk-in access',
      declaration: 'I am a customer of the Highfield pharmacy',
    });
    const responded = await act(wardResponded, 'dph', 'RECORD_CONSULTATION_RESPONSE', {
      consultee: { name: 'NHS Southampton City CCG', category: 'ccg' },
      respondedOn: '2017-08-22',
      response: 'Capacity at Portswood is sufficient',
      declaration: 'none',
    });
    expect(responded.state.summary).toContain('(2 responses; EIA not yet attached;');

    clock.set(FEEDBACK_REMINDER);
    expect(await sweep()).toEqual({ fired: 1, stale: 0 });

    // No clear response electronically: the group meets.
    clock.set('2017-08-31T09:00:00Z');
    const called = await act(await read(opened.id), 'dph', 'CALL_MEETING', {
      reasons: 'The ward member and the CCG disagree about access',
    });
    const met = await act(called, 'officer', 'RECORD_MEETING', {
      meetingDate: '2017-08-31',
      attendees: [
        { name: 'Cllr Chris Lane', category: 'cabinetMember', declaration: 'none' },
        {
          name: 'Cllr Pat Moss',
          category: 'wardMember',
          declaration: 'I am a customer of the Highfield pharmacy',
        },
      ],
      outcome: 'Agreed that removing Highfield would create a gap for the estate',
    });
    expect(met.state.summary).toBe(
      'Contentious: no clear response electronically, the group meets (met on 2017-08-31; EIA not yet attached; response due 2017-09-15) (overdue: circulation within 14 days of notification)',
    );
    const assessed = await act(met, 'officer', 'RECORD_EIA', eia);

    clock.set(RESPONSE_REMINDERS[0]);
    expect(await sweep()).toEqual({ fired: 1, stale: 0 });

    clock.set('2017-09-04T10:00:00Z');
    const decided = await act(await read(assessed.id), 'dph', 'RECORD_DECISION', {
      decidedOn: '2017-09-04',
      opinion: 'gap',
      representation: 'Removing the Highfield premises would create a gap for the estate.',
    });
    expect(decided.state.summary).toBe(
      'Decided by the Director of Public Health on 2017-09-04: awaiting the response to NHS England by 2017-09-15 (overdue: circulation within 14 days of notification)',
    );

    clock.set('2017-09-05T10:00:00Z');
    const closed = await act(decided, 'officer', 'RECORD_RESPONSE_SENT', {
      sentOn: '2017-09-05',
      reference: 'NHSE/PC/2017/014',
    });
    expect(closed.state).toEqual({
      key: 'closed',
      summary:
        'Closed: representation (a gap in pharmaceutical services) sent to NHS England on 2017-09-05 (NHSE/PC/2017/014)',
      closed: true,
    });
    expect(closed.openDeadlines).toEqual([]);
    expect(await verifyAudit(opened.id)).toEqual(
      expect.objectContaining({ ok: true, records: closed.version }),
    );
  });
});
