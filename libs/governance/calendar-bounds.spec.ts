import fc from 'fast-check';
import { CouncilCalendar, daysFromTo } from './clear-days.service';
import {
  addDays,
  bankHolidaysOf,
  calendarDate,
  DEFAULT_CALENDAR_YEARS,
  isCalendarDate,
  WorkingDayCalendar,
} from './working-day-calendar.service';

/*
 * Every date rule terminates quickly for every date the product accepts: dates are refused
 * outside the calendar's years, counts are arithmetic, and every walk is bounded by its count.
 */

const FIRST = `${DEFAULT_CALENDAR_YEARS.earliest}-01-01`;
const LAST = `${DEFAULT_CALENDAR_YEARS.latest}-12-31`;
const SPAN = daysFromTo(FIRST, LAST);

/** Any date the product accepts. */
const anyDate = fc.integer({ min: 0, max: SPAN }).map((n) => addDays(FIRST, n));
const closuresArb = fc
  .uniqueArray(anyDate, { maxLength: 40 })
  .map((dates) => dates.map((date) => ({ date, reason: 'closed' })));

/**
 * A rule that hangs, or walks centuries day by day, takes seconds of CPU (year 0202 took 4.5 s;
 * 9999 never ended). The bound is on this process's own CPU time, not the wall clock, so that a
 * busy machine (other jest workers holding the cores) cannot make it fail; it is far above what a
 * call costs (well under a millisecond once the bank holidays are known, plus any collection
 * pause) and far below a walk.
 */
const NOT_A_WALK_CPU_MS = 1000;

function timed<T>(f: () => T): T {
  const started = process.cpuUsage();
  const result = f();
  const used = process.cpuUsage(started);
  expect((used.user + used.system) / 1000).toBeLessThan(NOT_A_WALK_CPU_MS);
  return result;
}

beforeAll(() => {
  // The bank holidays of every year are computed once per process (about 2 ms a year).
  for (let y = DEFAULT_CALENDAR_YEARS.earliest; y <= DEFAULT_CALENDAR_YEARS.latest + 1; y++)
    bankHolidaysOf(y);
});

describe('the one calendar date', () => {
  it.each([
    ['9999-12-31', 'use a year from 1990 to 2100'],
    ['0202-05-14', 'use a year from 1990 to 2100'],
    ['0000-01-01', 'use a year from 1990 to 2100'],
    ['1989-12-31', 'use a year from 1990 to 2100'],
    ['2101-01-01', 'use a year from 1990 to 2100'],
    ['+010000-01-01', 'write it as YYYY-MM-DD'],
    ['2025-02-30', 'not a real calendar date'],
  ])('refuses %s saying "%s"', (date, message) => {
    const parsed = calendarDate('write it as YYYY-MM-DD').safeParse(date);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it.each(['1990-01-01', '2026-12-03', '2100-12-31'])('accepts %s', (date) => {
    expect(calendarDate('write it as YYYY-MM-DD').parse(date)).toBe(date);
    expect(isCalendarDate(date)).toBe(true);
  });
});

describe('date rules on any accepted date', () => {
  it('count clear days between any two dates without walking between them', () => {
    fc.assert(
      fc.property(anyDate, anyDate, closuresArb, fc.boolean(), (a, b, closures, weekends) => {
        const calendar = new CouncilCalendar({
          extraClosures: closures,
          weekendsCountAsClearDays: weekends,
        });
        const { count, explanation } = timed(() => calendar.clearDaysBetween(a, b));
        expect(count).toBeGreaterThanOrEqual(0);
        expect(explanation.length).toBeLessThan(40);
      }),
      { numRuns: 300, seed: 19 },
    );
  });

  it('step any number of working or clear days a council uses from any date', () => {
    const base = new WorkingDayCalendar();
    fc.assert(
      fc.property(
        anyDate,
        fc.integer({ min: 0, max: 90 }),
        closuresArb,
        fc.boolean(),
        (date, n, closures, weekends) => {
          const calendar = new CouncilCalendar({
            extraClosures: closures,
            weekendsCountAsClearDays: weekends,
          });
          timed(() => calendar.addWorkingDays(date, n));
          timed(() => calendar.latestPublicationDate(date, n));
          timed(() => calendar.earliestMeetingDate(date, n));
          timed(() => calendar.nextWorkingDay(date));
          timed(() => calendar.workingDayOnOrBefore(date));
          timed(() => base.addWorkingDays(date, n));
          timed(() => base.addWorkingDays(date, -n));
        },
      ),
      { numRuns: 300, seed: 19 },
    );
  });

  it('count working days between any two dates without walking between them', () => {
    const base = new WorkingDayCalendar();
    fc.assert(
      fc.property(anyDate, anyDate, (a, b) => {
        expect(timed(() => base.workingDaysBetween(a, b))).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 300, seed: 19 },
    );
  });
});

describe('counting agrees with walking day by day', () => {
  /** Spans of up to three years, where a walk is cheap enough to be the reference. */
  const start = fc.integer({ min: 0, max: SPAN - 3 * 366 }).map((n) => addDays(FIRST, n));
  const span = fc.tuple(start, fc.integer({ min: -5, max: 3 * 366 }));

  it('gives the clear days a day-by-day walk counts, with the same days named', () => {
    fc.assert(
      fc.property(
        span,
        fc.uniqueArray(fc.integer({ min: 0, max: 3 * 366 }), { maxLength: 20 }),
        fc.boolean(),
        ([from, days], closureOffsets, weekends) => {
          const to = addDays(from, days);
          const calendar = new CouncilCalendar({
            extraClosures: closureOffsets.map((o) => ({ date: addDays(from, o), reason: 'x' })),
            weekendsCountAsClearDays: weekends,
          });
          let walked = 0;
          const named: string[] = [];
          for (let d = addDays(from, 1); d < to; d = addDays(d, 1)) {
            if (calendar.countsAsClearDay(d)) walked++;
            else if (calendar.dayKind(d).kind !== 'weekend') named.push(d);
          }
          const { count, explanation } = calendar.clearDaysBetween(from, to);
          expect(count).toBe(walked);
          const namedLines = explanation.filter((l) => l.endsWith(': not a clear day'));
          expect(namedLines.length).toBe(Math.min(named.length, 30));
        },
      ),
      { numRuns: 300, seed: 19 },
    );
  });

  it('gives the working days a day-by-day walk counts', () => {
    const base = new WorkingDayCalendar();
    fc.assert(
      fc.property(span, ([from, days]) => {
        const to = addDays(from, days);
        let walked = 0;
        for (let d = addDays(from, 1); d <= to; d = addDays(d, 1))
          if (base.isWorkingDay(d)) walked++;
        expect(base.workingDaysBetween(from, to)).toBe(walked);
      }),
      { numRuns: 300, seed: 19 },
    );
  });
});
