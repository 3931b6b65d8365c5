import fc from 'fast-check';
import { checkHappensToday, checkRecordedDate, checkTakenToday } from './recorded-dates.service';
import { addDays } from './working-day-calendar.service';

/** Any date from 2021 to 2027. */
const dateArb = fc.integer({ min: 0, max: 7 * 365 }).map((n) => addDays('2021-01-01', n));

describe('checkRecordedDate', () => {
  it('refuses a publication dated after today, naming both days', () => {
    const r = checkRecordedDate({ what: 'the publication', on: '2026-12-08' }, '2026-12-03');
    expect(r).toEqual({
      ok: false,
      code: 'RECORDED_DATE_IN_THE_FUTURE',
      explanation: [
        'the publication is dated Tue 8 Dec 2026, after today, Thu 3 Dec 2026 (London)',
        'the record holds what has happened: record it on or after the day it happens',
      ],
    });
  });

  it('refuses a publication before the signature it follows', () => {
    const r = checkRecordedDate({ what: 'the publication', on: '2026-11-30' }, '2026-12-03', [
      { what: 'the decision', on: '2026-11-27' },
      { what: 'the last signature of the notice', on: '2026-12-01' },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('RECORDED_DATE_BEFORE_ITS_STEP');
    expect(r.explanation[0]).toBe(
      'the publication is dated Mon 30 Nov 2026, before the last signature of the notice on Tue 1 Dec 2026',
    );
  });

  it('names the precise rule of a call-in after its period', () => {
    const r = checkRecordedDate(
      { what: 'the call-in', on: '2026-12-02' },
      '2026-12-03',
      [{ what: 'the publication', on: '2026-11-20', rule: 'CALL_IN_BEFORE_PUBLICATION' }],
      [
        {
          what: 'the last day of the call-in period',
          on: '2026-11-27',
          rule: 'CALL_IN_OUT_OF_TIME',
        },
      ],
    );
    expect(r).toMatchObject({ ok: false, code: 'CALL_IN_OUT_OF_TIME' });
  });

  it('accepts a date on the day of its step and today, explaining what it checked', () => {
    const r = checkRecordedDate({ what: 'the signature', on: '2026-12-03' }, '2026-12-03', [
      { what: 'the decision', on: '2026-12-03' },
    ]);
    expect(r).toEqual({
      ok: true,
      explanation: [
        'the signature on Thu 3 Dec 2026: not after today',
        'on or after the decision on Thu 3 Dec 2026',
      ],
    });
  });

  it('accepts exactly the dates from the latest step to today (property)', () => {
    fc.assert(
      fc.property(dateArb, dateArb, fc.array(dateArb, { maxLength: 4 }), (on, today, steps) => {
        const r = checkRecordedDate(
          { what: 'the event', on },
          today,
          steps.map((s, i) => ({ what: `step ${i}`, on: s })),
        );
        const possible = on <= today && steps.every((s) => on >= s);
        expect(r.ok).toBe(possible);
        if (!r.ok) {
          expect(r.code).toMatch(/^RECORDED_DATE_/);
          expect(r.explanation.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('refuses the future before any step (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 400 }), (today, ahead) => {
        const r = checkRecordedDate({ what: 'x', on: addDays(today, ahead) }, today, [
          { what: 'y', on: addDays(today, ahead + 1) },
        ]);
        expect(r).toMatchObject({ ok: false, code: 'RECORDED_DATE_IN_THE_FUTURE' });
      }),
    );
  });
});

describe('checkHappensToday', () => {
  it('refuses a show of hands before its meeting day', () => {
    const r = checkHappensToday('the show of hands', '2026-12-03', [
      { what: 'the meeting', on: '2026-12-17', rule: 'SHOW_OF_HANDS_BEFORE_THE_MEETING' },
    ]);
    expect(r).toMatchObject({ ok: false, code: 'SHOW_OF_HANDS_BEFORE_THE_MEETING' });
  });
});

describe('checkTakenToday', () => {
  it('refuses a decision before its meeting, saying from when it can be taken', () => {
    const r = checkTakenToday('the decision', '2026-12-03', [
      { what: 'the meeting', on: '2026-12-17', rule: 'DECISION_BEFORE_MEETING' },
    ]);
    expect(r).toEqual({
      ok: false,
      code: 'DECISION_BEFORE_MEETING',
      explanation: [
        'the decision cannot be taken before the meeting on Thu 17 Dec 2026',
        'it can be taken from Thu 17 Dec 2026; today is Thu 3 Dec 2026 (London)',
      ],
    });
  });

  it('takes it on or after the day of every step it follows (property)', () => {
    fc.assert(
      fc.property(dateArb, fc.array(dateArb, { maxLength: 3 }), (today, steps) => {
        const r = checkTakenToday(
          'x',
          today,
          steps.map((on) => ({ what: 'y', on })),
        );
        expect(r.ok).toBe(steps.every((s) => today >= s));
      }),
    );
  });
});
