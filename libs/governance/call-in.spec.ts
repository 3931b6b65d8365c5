import fc from 'fast-check';
import {
  callInPeriod,
  checkUrgencyExemption,
  implementableFrom,
  type CallInFacts,
} from './call-in.service';
import { CouncilCalendar, describeDay } from './clear-days.service';
import { addDays } from './working-day-calendar.service';

const calendar = new CouncilCalendar();

function facts(overrides: Partial<CallInFacts> = {}): CallInFacts {
  return {
    keyDecision: true,
    publishedOn: '2025-08-22',
    callIn: null,
    urgencyExemption: null,
    authorisedUrgencyApproverIds: ['scrutiny-chair'],
    ...overrides,
  };
}

describe('callInPeriod', () => {
  it('explains the 2025 summer bank holiday example', () => {
    expect(callInPeriod('2025-08-22', calendar)).toEqual({
      endsOn: '2025-09-01',
      implementableFrom: '2025-09-02',
      explanation: [
        'published Fri 22 Aug 2025',
        'Mon 25 Aug 2025 is a bank holiday (Summer bank holiday)',
        '5 working days end Mon 1 Sep 2025: the call-in period',
        'implementable from Tue 2 Sep 2025',
      ],
    });
  });

  it('runs over Christmas 2021 and the New Year substitute day', () => {
    const r = callInPeriod('2021-12-23', calendar);
    expect(r.endsOn).toBe('2022-01-04');
    expect(r.implementableFrom).toBe('2022-01-05');
    expect(r.explanation).toContain(
      'Mon 27 Dec 2021 is a bank holiday (Christmas Day (substitute day))',
    );
  });

  it('uses the council’s setting for the length of the period', () => {
    expect(callInPeriod('2025-08-22', calendar, { periodWorkingDays: 3 }).implementableFrom).toBe(
      '2025-08-29',
    );
    expect(() => callInPeriod('2025-08-22', calendar, { periodWorkingDays: 0 })).toThrow();
  });

  it('skips a council closure after the period ends', () => {
    const closed = new CouncilCalendar({
      extraClosures: [{ date: '2025-09-02', reason: 'office move' }],
    });
    expect(callInPeriod('2025-08-22', closed).implementableFrom).toBe('2025-09-03');
  });
});

describe('implementableFrom', () => {
  it('waits for the call-in period, then is implementable with no call-in', () => {
    const waiting = implementableFrom(facts(), '2025-08-29', calendar);
    expect(waiting).toMatchObject({ ok: true, status: 'awaitingCallInPeriod', from: '2025-09-02' });
    expect(waiting.explanation.at(-1)).toBe(
      'as of Fri 29 Aug 2025 the call-in period is running; no call-in so far',
    );
    const ready = implementableFrom(facts(), '2025-09-02', calendar);
    expect(ready).toMatchObject({ ok: true, status: 'implementable', from: '2025-09-02' });
    expect(ready.explanation.at(-1)).toBe('the call-in period passed without call-in');
  });

  it('is suspended by a call-in within the period until the outcome is recorded', () => {
    const r = implementableFrom(
      facts({ callIn: { calledInOn: '2025-08-28', outcome: null } }),
      '2025-09-10',
      calendar,
    );
    expect(r).toMatchObject({ ok: true, status: 'suspendedByCallIn', from: null });
    expect(r.explanation.slice(-2)).toEqual([
      'called in Thu 28 Aug 2025, within the call-in period: implementation is suspended',
      'no outcome recorded yet: not implementable until the call-in is dealt with',
    ]);
  });

  it('is implementable from the day the call-in outcome confirming the decision is recorded', () => {
    const r = implementableFrom(
      facts({
        callIn: {
          calledInOn: '2025-08-28',
          outcome: { recordedOn: '2025-09-09', result: 'decisionConfirmed' },
        },
      }),
      '2025-09-09',
      calendar,
    );
    expect(r).toMatchObject({ ok: true, status: 'implementable', from: '2025-09-09' });
    expect(r.explanation.at(-1)).toBe('implementable from Tue 9 Sep 2025');
  });

  it('is not implementable when the call-in refers the decision back', () => {
    const r = implementableFrom(
      facts({
        callIn: {
          calledInOn: '2025-09-01',
          outcome: { recordedOn: '2025-09-09', result: 'referredBackToDecisionMaker' },
        },
      }),
      '2025-09-20',
      calendar,
    );
    expect(r).toMatchObject({ ok: true, status: 'referredBack', from: null });
  });

  it('is implementable on publication under an authorised urgency exemption with a reason', () => {
    const r = implementableFrom(
      facts({
        urgencyExemption: {
          approverPersonId: 'scrutiny-chair',
          approverName: 'Cllr Fir',
          reason: 'care home closing on 1 September',
        },
      }),
      '2025-08-22',
      calendar,
    );
    expect(r).toEqual({
      ok: true,
      status: 'implementable',
      from: '2025-08-22',
      explanation: [
        'published Fri 22 Aug 2025',
        'exempted from call-in as urgent by Cllr Fir: "care home closing on 1 September"',
        'implementable from Fri 22 Aug 2025',
      ],
    });
  });

  it('makes a decision that is not key implementable on publication', () => {
    expect(implementableFrom(facts({ keyDecision: false }), '2025-08-22', calendar)).toMatchObject({
      status: 'implementable',
      from: '2025-08-22',
    });
  });

  it.each<[string, Partial<CallInFacts>, string]>([
    [
      'an urgency exemption by someone not authorised',
      {
        urgencyExemption: { approverPersonId: 'cab-1', approverName: 'Cllr Ash', reason: 'urgent' },
      },
      'URGENCY_APPROVER_NOT_AUTHORISED',
    ],
    [
      'an urgency exemption without a reason',
      {
        urgencyExemption: {
          approverPersonId: 'scrutiny-chair',
          approverName: 'Cllr Fir',
          reason: '  ',
        },
      },
      'URGENCY_REASON_MISSING',
    ],
    [
      'a call-in of a decision exempted as urgent',
      {
        urgencyExemption: {
          approverPersonId: 'scrutiny-chair',
          approverName: 'Cllr Fir',
          reason: 'urgent',
        },
        callIn: { calledInOn: '2025-08-26', outcome: null },
      },
      'CALL_IN_OF_EXEMPT_DECISION',
    ],
    [
      'a call-in after the period (Tue 2 Sep 2025)',
      { callIn: { calledInOn: '2025-09-02', outcome: null } },
      'CALL_IN_OUT_OF_TIME',
    ],
    [
      'a call-in before publication',
      { callIn: { calledInOn: '2025-08-21', outcome: null } },
      'CALL_IN_BEFORE_PUBLICATION',
    ],
    [
      'an outcome dated before the call-in',
      {
        callIn: {
          calledInOn: '2025-08-28',
          outcome: { recordedOn: '2025-08-27', result: 'decisionConfirmed' },
        },
      },
      'CALL_IN_OUTCOME_BEFORE_CALL_IN',
    ],
    [
      'a call-in of a decision that is not key',
      { keyDecision: false, callIn: { calledInOn: '2025-08-26', outcome: null } },
      'CALL_IN_OF_NON_KEY_DECISION',
    ],
  ])('refuses %s', (_what, overrides, code) => {
    const r = implementableFrom(facts(overrides), '2025-09-10', calendar);
    expect(r.ok ? null : r.code).toBe(code);
    expect(r.explanation.length).toBeGreaterThan(0);
  });

  it('accepts a call-in on the last day of the period (Mon 1 Sep 2025)', () => {
    const r = implementableFrom(
      facts({ callIn: { calledInOn: '2025-09-01', outcome: null } }),
      '2025-09-01',
      calendar,
    );
    expect(r.ok && r.status).toBe('suspendedByCallIn');
  });
});

describe('checkUrgencyExemption', () => {
  const u = {
    approverPersonId: 'scrutiny-chair',
    approverName: 'Cllr Fir',
    reason: 'care home closing on 1 September',
    agreedOn: '2025-08-21',
  };
  const authorised = { keyDecision: true, authorisedUrgencyApproverIds: ['scrutiny-chair'] };

  it('explains an exemption agreed before publication by the authorised approver', () => {
    expect(
      checkUrgencyExemption(u, {
        ...authorised,
        publishedOn: '2025-08-22',
        decisionMakerPersonIds: ['cabinet-member'],
        today: '2025-08-21',
        proposalNoticeOn: '2025-07-01',
      }),
    ).toEqual({
      ok: true,
      explanation: [
        'exempted from call-in as urgent by Cllr Fir on Thu 21 Aug 2025: "care home closing on 1 September"',
      ],
    });
  });

  it('dates the implementable-from explanation by the agreement when it is known', () => {
    const r = implementableFrom(facts({ urgencyExemption: u }), '2025-08-22', calendar);
    expect(r.ok && r.explanation[1]).toBe(
      'exempted from call-in as urgent by Cllr Fir on Thu 21 Aug 2025: "care home closing on 1 September"',
    );
  });

  it.each<[string, Parameters<typeof checkUrgencyExemption>[1], string]>([
    [
      'a decision that is not key',
      { ...authorised, keyDecision: false, publishedOn: null },
      'URGENCY_EXEMPTION_OF_NON_KEY_DECISION',
    ],
    [
      'an approver the case does not authorise',
      { ...authorised, authorisedUrgencyApproverIds: ['council-chair'], publishedOn: null },
      'URGENCY_APPROVER_NOT_AUTHORISED',
    ],
    [
      'an agreement dated after publication',
      { ...authorised, publishedOn: '2025-08-20' },
      'URGENCY_AGREED_AFTER_PUBLICATION',
    ],
    [
      'an exemption asked for once the decision is published, whatever its date',
      { ...authorised, publishedOn: '2025-08-22', askedAfterPublication: true },
      'URGENCY_AGREED_AFTER_PUBLICATION',
    ],
    [
      'an exemption given by the decision maker to their own decision',
      { ...authorised, publishedOn: null, decisionMakerPersonIds: ['scrutiny-chair'] },
      'URGENCY_APPROVED_BY_DECISION_MAKER',
    ],
    [
      'an agreement dated after today',
      { ...authorised, publishedOn: null, today: '2025-08-20' },
      'URGENCY_AGREED_IN_THE_FUTURE',
    ],
    [
      'an agreement dated before the proposal was first given notice',
      { ...authorised, publishedOn: null, proposalNoticeOn: '2025-08-22' },
      'URGENCY_AGREED_BEFORE_NOTICE',
    ],
  ])('refuses %s', (_what, f, code) => {
    const r = checkUrgencyExemption(u, f);
    expect(r.ok ? null : r.code).toBe(code);
    expect(r.explanation.length).toBeGreaterThan(0);
  });

  it('refuses an exemption without a reason', () => {
    const r = checkUrgencyExemption({ ...u, reason: ' ' }, { ...authorised, publishedOn: null });
    expect(r).toEqual({
      ok: false,
      code: 'URGENCY_REASON_MISSING',
      explanation: ['an urgency exemption from call-in needs the reason recorded'],
    });
  });
});

describe('implementableFrom: properties', () => {
  const dateArb = fc.integer({ min: 0, max: 7 * 365 }).map((n) => addDays('2021-01-01', n));
  const periodArb = fc.integer({ min: 1, max: 15 });

  it('always gives a working day after the end of the period, itself after publication', () => {
    fc.assert(
      fc.property(dateArb, periodArb, (published, n) => {
        const p = callInPeriod(published, calendar, { periodWorkingDays: n });
        return (
          p.endsOn > published &&
          p.implementableFrom > p.endsOn &&
          calendar.isWorkingDay(p.implementableFrom) &&
          calendar.isWorkingDay(p.endsOn) &&
          p.explanation.at(-1) === `implementable from ${describeDay(p.implementableFrom)}`
        );
      }),
    );
  });

  it('never gives an earlier date for a longer period', () => {
    fc.assert(
      fc.property(dateArb, periodArb, periodArb, (published, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        return (
          callInPeriod(published, calendar, { periodWorkingDays: short }).implementableFrom <=
          callInPeriod(published, calendar, { periodWorkingDays: long }).implementableFrom
        );
      }),
    );
  });

  it('is implementable exactly when today has reached the date', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 20 }), (published, after) => {
        const today = addDays(published, after);
        const r = implementableFrom(facts({ publishedOn: published }), today, calendar);
        return r.ok && r.from !== null && (r.status === 'implementable') === today >= r.from;
      }),
    );
  });

  it('always accepts a call-in within the period and then suspends', () => {
    fc.assert(
      fc.property(dateArb, fc.nat(), (published, pick) => {
        const { endsOn } = callInPeriod(published, calendar);
        const span = Math.round((Date.parse(endsOn) - Date.parse(published)) / 86_400_000);
        const calledInOn = addDays(published, pick % (span + 1));
        const r = implementableFrom(
          facts({ publishedOn: published, callIn: { calledInOn, outcome: null } }),
          endsOn,
          calendar,
        );
        return r.ok && r.status === 'suspendedByCallIn';
      }),
    );
  });
});
