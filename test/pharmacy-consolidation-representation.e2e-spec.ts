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

describe('pharmacy consolidation representation, from NHS England’s notification to the response', () => {
  const t = pharmacyHarness('2017-08-02T09:00:00Z', DATES);
  const { open, send, emails, people } = t;
  let world: BcfWorld;
  let h: ReturnType<typeof engineHarness>;
  let dph: Actor;
  beforeAll(() => ({ world, h, dph } = t.ready()));

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
      'Notified on Tuesday 1 August 2017: awaiting triage, contentious or not (response due Friday 15 September 2017)',
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
      'Contentious: awaiting circulation by the Director of Public Health by Tuesday 15 August 2017 (EIA not yet attached; response due Friday 15 September 2017)',
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
      'Contentious: circulated on Wednesday 16 August 2017, feedback due by Wednesday 30 August 2017 (0 responses; EIA not yet attached; response due Friday 15 September 2017) (overdue: circulation within 14 days of notification)',
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
      'Contentious: no clear response electronically, the group meets (met on Thursday 31 August 2017; EIA not yet attached; response due Friday 15 September 2017) (overdue: circulation within 14 days of notification)',
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
      'Decided by the Director of Public Health on Monday 4 September 2017: awaiting the response to NHS England by Friday 15 September 2017 (overdue: circulation within 14 days of notification)',
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
        'Closed: representation (a gap in pharmaceutical services) sent to NHS England on Tuesday 5 September 2017 (NHSE/PC/2017/014)',
      closed: true,
    });
    expect(closed.openDeadlines).toEqual([]);
    expect(await emails(caseId, 'response-sent')).toEqual(people('dph', 'chair', 'scrutinyChair'));
    expect(await h.audit.verifyCase(world.tenantId, caseId)).toEqual(
      expect.objectContaining({ ok: true, records: closed.version }),
    );
  });
});
