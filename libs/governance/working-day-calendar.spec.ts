import fc from 'fast-check';
import {
  addDays,
  endOfLondonDay,
  londonDate,
  londonTime,
  WorkingDayCalendar,
} from './working-day-calendar.service';

const calendar = new WorkingDayCalendar();

describe('WorkingDayCalendar.isWorkingDay', () => {
  it.each([
    ['2021-11-16', 'a Tuesday (the seed’s submission deadline)'],
    ['2021-12-24', 'Christmas Eve 2021, a Friday'],
    ['2021-12-29', 'the first working day after Christmas 2021'],
    ['2022-05-30', 'the last Monday of May 2022 (the spring bank holiday moved to 2 June)'],
    ['2022-01-04', 'the day after the New Year substitute day'],
  ])('counts %s as a working day: %s', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(true);
  });

  it.each([
    ['2021-12-25', 'Christmas Day on a Saturday'],
    ['2021-12-26', 'Boxing Day on a Sunday'],
    ['2021-12-27', 'the Christmas Day substitute day'],
    ['2021-12-28', 'the Boxing Day substitute day'],
    ['2022-01-03', 'the New Year’s Day substitute day'],
    ['2022-04-15', 'Good Friday'],
    ['2022-04-18', 'Easter Monday'],
    ['2022-05-02', 'the early May bank holiday'],
    ['2022-06-02', 'the spring bank holiday, moved for the Platinum Jubilee'],
    ['2022-06-03', 'the Platinum Jubilee bank holiday'],
    ['2022-08-29', 'the summer bank holiday'],
    ['2022-09-19', 'the State Funeral of Queen Elizabeth II'],
    ['2023-05-08', 'the Coronation bank holiday'],
    ['2021-11-13', 'a Saturday'],
    ['2021-11-14', 'a Sunday'],
  ])('does not count %s as a working day: %s', (date) => {
    expect(calendar.isWorkingDay(date)).toBe(false);
  });

  it('uses England and Wales holidays, not Scotland’s (2 January and St Andrew’s Day are working days)', () => {
    expect(calendar.isWorkingDay('2023-01-02')).toBe(false); // New Year substitute, everywhere
    expect(calendar.isWorkingDay('2024-01-02')).toBe(true); // Scotland only
    expect(calendar.isWorkingDay('2021-11-30')).toBe(true); // St Andrew’s Day, Scotland only
    expect(calendar.isWorkingDay('2022-07-12')).toBe(true); // Battle of the Boyne, Northern Ireland only
  });
});

describe('WorkingDayCalendar.addWorkingDays', () => {
  it('skips the weekend and both Christmas substitute days going forwards', () => {
    expect(calendar.addWorkingDays('2021-12-24', 1)).toBe('2021-12-29');
    expect(calendar.addWorkingDays('2021-12-24', 3)).toBe('2021-12-31');
  });

  it('skips the New Year substitute day when crossing into the next year', () => {
    expect(calendar.addWorkingDays('2021-12-24', 4)).toBe('2022-01-04');
    expect(calendar.addWorkingDays('2021-12-31', 1)).toBe('2022-01-04');
  });

  it('counts backwards across Christmas and the New Year', () => {
    expect(calendar.addWorkingDays('2022-01-04', -1)).toBe('2021-12-31');
    expect(calendar.addWorkingDays('2022-01-04', -4)).toBe('2021-12-24');
    expect(calendar.addWorkingDays('2021-12-29', -1)).toBe('2021-12-24');
  });

  it('gives the reminder dates before the seed’s submission deadline (5 and 2 working days)', () => {
    expect(calendar.addWorkingDays('2021-11-16', -5)).toBe('2021-11-09');
    expect(calendar.addWorkingDays('2021-11-16', -2)).toBe('2021-11-12');
  });

  it('skips both Platinum Jubilee days', () => {
    expect(calendar.addWorkingDays('2022-06-01', 1)).toBe('2022-06-06');
    expect(calendar.addWorkingDays('2022-06-06', -1)).toBe('2022-06-01');
  });

  it('returns the date itself for zero working days, even on a weekend', () => {
    expect(calendar.addWorkingDays('2021-11-13', 0)).toBe('2021-11-13');
  });
});

describe('WorkingDayCalendar.workingDaysBetween', () => {
  it('counts working days after the first date up to and including the second', () => {
    expect(calendar.workingDaysBetween('2021-11-15', '2021-11-16')).toBe(1);
    expect(calendar.workingDaysBetween('2021-11-12', '2021-11-15')).toBe(1); // Friday to Monday
    expect(calendar.workingDaysBetween('2021-11-16', '2021-11-16')).toBe(0);
  });

  it('counts 4 working days from Christmas Eve 2021 to 4 January 2022', () => {
    expect(calendar.workingDaysBetween('2021-12-24', '2022-01-04')).toBe(4);
  });

  it('counts none when the second date comes first', () => {
    expect(calendar.workingDaysBetween('2021-11-16', '2021-11-09')).toBe(0);
  });

  it('counts the working days of the noting period in the seed (16 Nov to 16 Dec 2021)', () => {
    expect(calendar.workingDaysBetween('2021-11-16', '2021-12-16')).toBe(22);
  });
});

describe('working days: properties', () => {
  const isoDate = fc
    .date({
      min: new Date('2019-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));

  it('counts back exactly n working days to a date n working days ahead, which is a working day', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 60 }), (date, n) => {
        const later = calendar.addWorkingDays(date, n);
        expect(later >= date).toBe(true);
        expect(calendar.workingDaysBetween(date, later)).toBe(n);
        if (n > 0) expect(calendar.isWorkingDay(later)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('goes back n working days from a working day to a working day n working days before it', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 1, max: 60 }), (date, n) => {
        fc.pre(calendar.isWorkingDay(date));
        const earlier = calendar.addWorkingDays(date, -n);
        expect(calendar.isWorkingDay(earlier)).toBe(true);
        expect(calendar.workingDaysBetween(earlier, date)).toBe(n);
        expect(calendar.addWorkingDays(earlier, n)).toBe(date);
      }),
      { numRuns: 300 },
    );
  });

  it('never counts a Saturday or a Sunday as a working day', () => {
    fc.assert(
      fc.property(isoDate, (date) => {
        const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
        if (dow === 0 || dow === 6) expect(calendar.isWorkingDay(date)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('adds working days additively: (d + a) + b = d + (a + b)', () => {
    fc.assert(
      fc.property(
        isoDate,
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (d, a, b) => {
          expect(calendar.addWorkingDays(calendar.addWorkingDays(d, a), b)).toBe(
            calendar.addWorkingDays(d, a + b),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('London times', () => {
  it('puts 09:00 London at 08:00Z in British Summer Time', () => {
    expect(londonTime('2021-10-01', 9).toISOString()).toBe('2021-10-01T08:00:00.000Z');
  });

  it('puts 09:00 London at 09:00Z in Greenwich Mean Time', () => {
    expect(londonTime('2021-12-01', 9).toISOString()).toBe('2021-12-01T09:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // Clocks go forward at 01:00Z on 28 March 2021 and back at 01:00Z on 31 October 2021.
    expect(londonTime('2021-03-28', 0).toISOString()).toBe('2021-03-28T00:00:00.000Z');
    expect(londonTime('2021-03-28', 9).toISOString()).toBe('2021-03-28T08:00:00.000Z');
    expect(londonTime('2021-10-31', 0).toISOString()).toBe('2021-10-30T23:00:00.000Z');
    expect(londonTime('2021-10-31', 9).toISOString()).toBe('2021-10-31T09:00:00.000Z');
  });

  it('ends a London day at midnight UTC in winter', () => {
    expect(endOfLondonDay('2021-11-16').toISOString()).toBe('2021-11-17T00:00:00.000Z');
  });

  it('ends a London day at 23:00 UTC in summer', () => {
    expect(endOfLondonDay('2021-06-30').toISOString()).toBe('2021-06-30T23:00:00.000Z');
  });

  it('reads the London calendar date of an instant', () => {
    expect(londonDate(new Date('2021-06-30T23:30:00Z'))).toBe('2021-07-01');
    expect(londonDate(new Date('2021-12-31T23:30:00Z'))).toBe('2021-12-31');
  });

  it('reads the date the London clock shows at any instant, asked again too (property)', () => {
    const shown = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
    // Either side of midnight and of the clocks changing (01:00 UTC), and at any instant at all.
    const edges = [
      '2026-03-29T00:59:59.999Z',
      '2026-03-29T01:00:00Z',
      '2026-10-24T22:59:59.999Z',
      '2026-10-24T23:00:00Z',
      '2026-10-25T00:59:59.999Z',
      '2026-10-25T01:00:00Z',
      '2026-12-31T23:59:59.999Z',
      '2027-01-01T00:00:00Z',
      // Before December 1847 London kept its own mean time, 75 s behind: an hour across midnight.
      '1847-11-29T00:00:30Z',
      '1847-11-29T00:30:00Z',
    ];
    for (const edge of edges) {
      const at = new Date(edge);
      expect([londonDate(at), londonDate(at)]).toEqual([shown.format(at), shown.format(at)]);
    }
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1800-01-01T00:00:00Z'),
          max: new Date('2200-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (at) => {
          expect(londonDate(at)).toBe(shown.format(at));
          expect(londonDate(new Date(at.getTime() + 1))).toBe(shown.format(at.getTime() + 1));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads the London date at the first, middle and last instant of every hour of 2026 to 2030, in any order', () => {
    const shown = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
    const hour = 3_600_000;
    const wrong: string[] = [];
    for (let h = Date.UTC(2026, 0, 1); h < Date.UTC(2031, 0, 1); h += hour) {
      // Asked first at either end of the hour, then at the other end and inside it.
      const order =
        (h / hour) % 2 === 0 ? [h, h + hour - 1, h + hour / 2] : [h + hour - 1, h, h + 1];
      for (const ms of order)
        if (londonDate(new Date(ms)) !== shown.format(ms)) wrong.push(new Date(ms).toISOString());
    }
    expect(wrong).toEqual([]);
  });

  it('reads the London date of any instant a Date can hold, and of its hour’s ends (property)', () => {
    const shown = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
    const hour = 3_600_000;
    const edges = [-8.64e15, -8.64e15 + 1, 8.64e15 - 1, 8.64e15, 0, -1, -hour, -hour - 1];
    for (const ms of edges) expect(londonDate(new Date(ms))).toBe(shown.format(ms));
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const start = Math.floor(ms / hour) * hour;
        for (const at of [ms, start, Math.min(start + hour - 1, 8.64e15), ms])
          expect(londonDate(new Date(at))).toBe(shown.format(at));
      }),
      { numRuns: 3000 },
    );
  });

  it('lands every London hour on that London date and hour (property)', () => {
    const hourFormat = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2019-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 2, max: 23 }),
        (d, hour) => {
          const date = d.toISOString().slice(0, 10);
          const at = londonTime(date, hour);
          expect(londonDate(at)).toBe(date);
          expect(Number(hourFormat.format(at))).toBe(hour);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ends every London day at the first instant of the next London date (property)', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2019-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (d) => {
          const date = d.toISOString().slice(0, 10);
          const end = endOfLondonDay(date);
          expect(londonDate(end)).toBe(addDays(date, 1));
          expect(londonDate(new Date(end.getTime() - 1))).toBe(date);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('addDays', () => {
  it('crosses month and year ends and leap days', () => {
    expect(addDays('2021-12-31', 1)).toBe('2022-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2022-03-01', -1)).toBe('2022-02-28');
  });
});
