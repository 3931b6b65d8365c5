import type { Actor } from '../libs/core/actor.dto';
import type { engineHarness } from '../libs/testing/engine-harness.service';
import { pharmacyHarness } from '../libs/testing/pharmacy-harness.service';
import {
  CIRCULATION_PASSED,
  CIRCULATION_REMINDER,
  DATES,
  EIA_2017 as eia,
  FEEDBACK_REMINDER,
  FULL_LIST,
  RESPONSE_PASSED,
  RESPONSE_REMINDERS,
} from '../libs/testing/pharmacy-notification-2017.fixture';
import type { BcfWorld } from '../libs/testing/world.factory';

describe('pharmacy consolidation representation decided by the Director of Public Health, and through the HTTP API', () => {
  const t = pharmacyHarness('2017-08-02T09:00:00Z', DATES);
  const { clock, http, act, open, send, emails, people, sweep, roles } = t;
  let world: BcfWorld;
  let h: ReturnType<typeof engineHarness>;
  let dph: Actor;
  beforeAll(() => ({ world, h, dph } = t.ready()));
  const openThroughApi = (body: Record<string, unknown>) => http.open(body);
  const read = (caseId: string) => http.read(caseId);
  const verifyAudit = (caseId: string) => http.verify(caseId);

  it('lets the DPH decide a non-contentious application only after the HWBB chair and a ward member, and escalates the passed 45-day deadline', async () => {
    h.clock.set('2017-08-02T09:00:00Z');
    const { caseId } = await open('Consolidation of two Shirley pharmacies');
    const triaged = await send(caseId, 'TRIAGE', {
      route: 'nonContentious',
      reasons: 'Both premises are on the same parade',
    });
    expect(triaged.state.summary).toBe(
      'Non-contentious: the Director of Public Health consults the HWBB chair and ward members (0 responses; EIA not yet attached; response due Friday 15 September 2017)',
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
      'Non-contentious: the Director of Public Health consults the HWBB chair and ward members (1 response; EIA attached; response due Friday 15 September 2017) (overdue: the 45-day response to NHS England)',
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
      'Notified on Tuesday 1 August 2017: awaiting triage, contentious or not (response due Friday 15 September 2017)',
    );

    const triaged = await act(opened, 'officer', 'TRIAGE', {
      route: 'contentious',
      reasons: 'The DPH and the HWBB chair expect objections from the estate',
    });
    expect(triaged.state.summary).toBe(
      'Contentious: awaiting circulation by the Director of Public Health by Tuesday 15 August 2017 (EIA not yet attached; response due Friday 15 September 2017)',
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
      'Contentious: circulated on Wednesday 16 August 2017, feedback due by Wednesday 30 August 2017 (0 responses; EIA not yet attached; response due Friday 15 September 2017) (overdue: circulation within 14 days of notification)',
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
      'Contentious: no clear response electronically, the group meets (met on Thursday 31 August 2017; EIA not yet attached; response due Friday 15 September 2017) (overdue: circulation within 14 days of notification)',
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
      'Decided by the Director of Public Health on Monday 4 September 2017: awaiting the response to NHS England by Friday 15 September 2017 (overdue: circulation within 14 days of notification)',
    );

    clock.set('2017-09-05T10:00:00Z');
    const closed = await act(decided, 'officer', 'RECORD_RESPONSE_SENT', {
      sentOn: '2017-09-05',
      reference: 'NHSE/PC/2017/014',
    });
    expect(closed.state).toEqual({
      key: 'closed',
      summary:
        'Closed: representation (a gap in pharmaceutical services) sent to NHS England on Tuesday 5 September 2017 (NHSE/PC/2017/014)',
      closed: true,
    });
    expect(closed.openDeadlines).toEqual([]);
    expect(await verifyAudit(opened.id)).toEqual(
      expect.objectContaining({ ok: true, records: closed.version }),
    );
  });
});
