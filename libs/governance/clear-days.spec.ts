import fc from 'fast-check';
import { CouncilCalendar, daysFromTo, describeDay } from './clear-days.service';
import { addDays } from './working-day-calendar.service';

const calendar = new CouncilCalendar();
const calendarDays = new CouncilCalendar({ weekendsCountAsClearDays: true });
const withClosures = new CouncilCalendar({
  extraClosures: [
    { date: '2025-12-29', reason: 'Christmas closure' },
    { date: '2025-12-30', reason: 'Christmas closure' },
    { date: '2025-12-31', reason: 'Christmas closure' },
  ],
});

/** Any date from 2021 to 2027. */
const dateArb = fc.integer({ min: 0, max: 7 * 365 }).map((n) => addDays('2021-01-01', n));

describe('describeDay', () => {
  it.each([
    ['2025-08-22', 'Fri 22 Aug 2025'],
    ['2025-08-25', 'Mon 25 Aug 2025'],
    ['2021-12-25', 'Sat 25 Dec 2021'],
    ['2022-01-04', 'Tue 4 Jan 2022'],
  ])('writes %s as "%s"', (date, words) => {
    expect(describeDay(date)).toBe(words);
  });
});

describe('CouncilCalendar.dayKind', () => {
  it('names the bank holiday, even when it falls on a weekend', () => {
    expect(calendar.dayKind('2025-08-25')).toEqual({
      kind: 'bankHoliday',
      name: 'Summer bank holiday',
    });
    expect(calendar.dayKind('2021-12-25')).toEqual({ kind: 'bankHoliday', name: 'Christmas Day' });
    expect(calendar.dayKind('2021-12-27')).toEqual({
      kind: 'bankHoliday',
      name: 'Christmas Day (substitute day)',
    });
  });

  it.each([
    ['2022-06-03', 'Queen’s Platinum Jubilee'],
    ['2022-09-19', "Queen Elizabeth's Funeral Day"],
    ['2023-05-08', "King Charles III's Coronation"],
    ['2023-01-02', "New Year's Day (substitute day)"],
    ['2024-08-26', 'Summer bank holiday'],
    ['2026-08-31', 'Summer bank holiday'],
    ['2026-12-28', 'Boxing Day (substitute day)'],
    ['2027-03-26', 'Good Friday'],
    ['2027-12-27', 'Christmas Day (substitute day)'],
    ['2027-12-28', 'Boxing Day (substitute day)'],
  ])('names %s as the bank holiday "%s" in explanations', (date, name) => {
    expect(calendar.dayKind(date)).toEqual({ kind: 'bankHoliday', name });
    expect(calendar.addWorkingDays(addDays(date, -1), 1).explanation).toContain(
      `${describeDay(date)} is a bank holiday (${name})`,
    );
  });

  it('tells a plain weekend from a working day', () => {
    expect(calendar.dayKind('2025-08-23')).toEqual({ kind: 'weekend' });
    expect(calendar.dayKind('2025-08-22')).toEqual({ kind: 'working' });
  });

  it('treats a council closure as not a working day, with its reason', () => {
    expect(withClosures.dayKind('2025-12-29')).toEqual({
      kind: 'closure',
      reason: 'Christmas closure',
    });
    expect(withClosures.isWorkingDay('2025-12-29')).toBe(false);
    expect(calendar.isWorkingDay('2025-12-29')).toBe(true);
  });

  it('refuses closures that are not real dates or have no reason', () => {
    expect(
      () => new CouncilCalendar({ extraClosures: [{ date: '2025-02-30', reason: 'x' }] }),
    ).toThrow('not a real calendar date');
    expect(
      () => new CouncilCalendar({ extraClosures: [{ date: '2025-12-29', reason: ' ' }] }),
    ).toThrow();
  });
});

describe('CouncilCalendar.addWorkingDays', () => {
  it('explains 5 working days after the 2025 summer bank holiday weekend', () => {
    expect(calendar.addWorkingDays('2025-08-22', 5, 'published')).toEqual({
      date: '2025-09-01',
      explanation: [
        'published Fri 22 Aug 2025',
        'Mon 25 Aug 2025 is a bank holiday (Summer bank holiday)',
        '5 working days end Mon 1 Sep 2025',
      ],
    });
  });

  it('steps over Christmas 2021 and its substitute days, naming each holiday', () => {
    const r = calendar.addWorkingDays('2021-12-23', 5);
    expect(r.date).toBe('2022-01-04');
    expect(r.explanation).toEqual([
      'from Thu 23 Dec 2021',
      'Sat 25 Dec 2021 is a bank holiday (Christmas Day)',
      'Sun 26 Dec 2021 is a bank holiday (Boxing Day)',
      'Mon 27 Dec 2021 is a bank holiday (Christmas Day (substitute day))',
      'Tue 28 Dec 2021 is a bank holiday (Boxing Day (substitute day))',
      "Sat 1 Jan 2022 is a bank holiday (New Year's Day)",
      "Mon 3 Jan 2022 is a bank holiday (New Year's Day (substitute day))",
      '5 working days end Tue 4 Jan 2022',
    ]);
  });

  it('skips the council’s own closures and says so', () => {
    const r = withClosures.addWorkingDays('2025-12-24', 1);
    expect(r.date).toBe('2026-01-02');
    expect(r.explanation).toContain('Mon 29 Dec 2025 the council is closed (Christmas closure)');
  });

  it('says one working day in the singular and zero as the same day', () => {
    expect(calendar.addWorkingDays('2025-08-22', 1).explanation.at(-1)).toBe(
      '1 working day end Tue 26 Aug 2025',
    );
    expect(calendar.addWorkingDays('2025-08-23', 0)).toEqual({
      date: '2025-08-23',
      explanation: ['from Sat 23 Aug 2025', '0 working days: the same day, Sat 23 Aug 2025'],
    });
  });

  it('refuses a negative or fractional number of days', () => {
    expect(() => calendar.addWorkingDays('2025-08-22', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-08-22', 1.5)).toThrow(RangeError);
  });

  it('always lands on a working day after the start when n ≥ 1', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 30 }), (d, n) => {
        const r = calendar.addWorkingDays(d, n);
        return r.date > d && calendar.isWorkingDay(r.date);
      }),
    );
  });
});

describe('CouncilCalendar.clearDaysBetween', () => {
  it.each([
    ['2025-08-27', '2025-09-04', 5, 'Wed to Thu the next week: 5 clear working days'],
    ['2025-08-28', '2025-09-04', 4, 'one day later: 4'],
    ['2025-08-22', '2025-09-01', 4, 'over the summer bank holiday: Tue 26 to Fri 29 Aug'],
    ['2021-12-22', '2022-01-05', 6, 'over Christmas 2021: 23, 24, 29, 30, 31 Dec and 4 Jan'],
    ['2021-12-23', '2022-01-05', 5, 'a day later: 24, 29, 30, 31 Dec and 4 Jan'],
    ['2025-09-03', '2025-09-04', 0, 'the day before the meeting: none'],
    ['2025-09-04', '2025-09-04', 0, 'the day of the meeting: none'],
    ['2025-09-05', '2025-09-04', 0, 'after the meeting: none'],
  ])('from %s to %s is %i clear days (%s)', (from, to, n) => {
    expect(calendar.clearDaysBetween(from, to).count).toBe(n);
  });

  it('explains the count, the basis, and the holiday that did not count', () => {
    expect(calendar.clearDaysBetween('2025-08-22', '2025-09-01').explanation).toEqual([
      'published Fri 22 Aug 2025; meeting Mon 1 Sep 2025',
      'clear days exclude the day of publication and the day of the meeting; weekends, bank holidays and council closures do not count',
      'Mon 25 Aug 2025 is a bank holiday (Summer bank holiday): not a clear day',
      '4 clear days: Tue 26 Aug 2025 to Fri 29 Aug 2025',
    ]);
  });

  it('counts every calendar day between when the council counts weekends', () => {
    expect(calendarDays.clearDaysBetween('2025-08-22', '2025-09-01')).toEqual({
      count: 9,
      explanation: [
        'published Fri 22 Aug 2025; meeting Mon 1 Sep 2025',
        'clear days exclude the day of publication and the day of the meeting; every calendar day between counts',
        '9 clear days: Sat 23 Aug 2025 to Sun 31 Aug 2025',
      ],
    });
  });

  it('says when the meeting is not after publication', () => {
    expect(calendar.clearDaysBetween('2025-09-04', '2025-09-04').explanation.at(-1)).toBe(
      'the meeting is not after publication: 0 clear days',
    );
  });

  it('never counts more clear days than calendar days strictly between', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: -5, max: 60 }),
        fc.boolean(),
        (from, gap, weekends) => {
          const cal = weekends ? calendarDays : calendar;
          const to = addDays(from, gap);
          const { count } = cal.clearDaysBetween(from, to);
          return count >= 0 && count <= Math.max(0, daysFromTo(from, to) - 1);
        },
      ),
    );
  });

  it('never counts more when weekends do not count than when they do', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), (from, gap) => {
        const to = addDays(from, gap);
        return (
          calendar.clearDaysBetween(from, to).count <= calendarDays.clearDaysBetween(from, to).count
        );
      }),
    );
  });

  it('never gains clear days by publishing later', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 10 }),
        (from, gap, later) => {
          const to = addDays(from, gap);
          return (
            calendar.clearDaysBetween(addDays(from, later), to).count <=
            calendar.clearDaysBetween(from, to).count
          );
        },
      ),
    );
  });
});

describe('CouncilCalendar.latestPublicationDate', () => {
  it('gives Wed 27 Aug 2025 for a Thu 4 Sep meeting with 5 clear days', () => {
    const r = calendar.latestPublicationDate('2025-09-04', 5);
    expect(r.date).toBe('2025-08-27');
    expect(r.lastWorkingDay).toBe('2025-08-27');
    expect(r.explanation).toEqual([
      'meeting Thu 4 Sep 2025; 5 clear days needed',
      'clear days exclude the day of publication and the day of the meeting; weekends, bank holidays and council closures do not count',
      'the clear days run Thu 28 Aug 2025 to Wed 3 Sep 2025 (counting only clear days)',
      'publish by Wed 27 Aug 2025',
    ]);
  });

  it('falls back to the last working day when the date is the summer bank holiday', () => {
    const r = calendar.latestPublicationDate('2025-09-02', 5);
    expect(r.date).toBe('2025-08-25');
    expect(r.lastWorkingDay).toBe('2025-08-22');
    expect(r.explanation.at(-1)).toBe(
      'Mon 25 Aug 2025 is not a working day: the last working day before it is Fri 22 Aug 2025',
    );
  });

  it('reaches back over Christmas 2021 for a meeting on Wed 5 Jan 2022', () => {
    expect(calendar.latestPublicationDate('2022-01-05', 5).date).toBe('2021-12-23');
  });

  it('gives the day before the meeting when no clear days are needed', () => {
    expect(calendar.latestPublicationDate('2025-09-04', 0).date).toBe('2025-09-03');
  });

  it('leaves exactly the clear days needed, and one day later would leave too few', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 30 }),
        fc.boolean(),
        (meeting, n, weekends) => {
          const cal = weekends ? calendarDays : calendar;
          const { date } = cal.latestPublicationDate(meeting, n);
          return (
            cal.clearDaysBetween(date, meeting).count === n &&
            cal.clearDaysBetween(addDays(date, 1), meeting).count < Math.max(n, 1)
          );
        },
      ),
    );
  });
});

describe('CouncilCalendar.earliestMeetingDate', () => {
  it('gives Thu 4 Sep 2025 for a report published Wed 27 Aug with 5 clear days', () => {
    expect(calendar.earliestMeetingDate('2025-08-27', 5)).toEqual({
      date: '2025-09-04',
      explanation: [
        'published Wed 27 Aug 2025; 5 clear days needed',
        'clear days exclude the day of publication and the day of the meeting; weekends, bank holidays and council closures do not count',
        'the last clear day is Wed 3 Sep 2025',
        'the meeting may be held from Thu 4 Sep 2025',
      ],
    });
  });

  it('agrees with latestPublicationDate: the earliest meeting leaves the clear days needed', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 30 }), (published, n) => {
        const { date } = calendar.earliestMeetingDate(published, n);
        return (
          calendar.clearDaysBetween(published, date).count === n &&
          calendar.clearDaysBetween(published, addDays(date, -1)).count < Math.max(n, 1)
        );
      }),
    );
  });
});

describe('CouncilCalendar.nextWorkingDay and workingDayOnOrBefore', () => {
  it('steps over the summer bank holiday weekend', () => {
    expect(calendar.nextWorkingDay('2025-08-22')).toBe('2025-08-26');
    expect(calendar.workingDayOnOrBefore('2025-08-25')).toBe('2025-08-22');
    expect(calendar.workingDayOnOrBefore('2025-08-22')).toBe('2025-08-22');
  });
});
