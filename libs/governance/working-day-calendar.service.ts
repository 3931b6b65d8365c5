import { z } from 'zod';
import Holidays from 'date-holidays';

/**
 * Working days in England: not a weekend, not an England and Wales bank holiday. Dates are
 * calendar dates (YYYY-MM-DD) as a council writes them; times are Europe/London.
 */
export class WorkingDayCalendar {
  private readonly holidays = new Holidays('GB', 'ENG');
  private readonly cache = new Map<number, Set<string>>();

  isWorkingDay(date: string): boolean {
    const d = parseDate(date);
    const dow = d.getUTCDay();
    if (dow === 0 || dow === 6) return false;
    return !this.bankHolidays(d.getUTCFullYear()).has(date);
  }

  /** The date `n` working days after (or, for negative n, before) `date`. */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    const step = n >= 0 ? 1 : -1;
    for (let left = Math.abs(n); left > 0;) {
      d = addDays(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days after `from` up to and including `to`: "3 working days remain". */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (this.isWorkingDay(d)) count++;
    return count;
  }

  private bankHolidays(year: number): Set<string> {
    let set = this.cache.get(year);
    if (!set) {
      set = new Set(
        this.holidays
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      this.cache.set(year, set);
    }
    return set;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `s` is a real calendar date written YYYY-MM-DD: not 2025-02-30, not 2025-13-01. */
export function isCalendarDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = parseDate(s);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/**
 * A real calendar date as a zod schema. Both checks abort: zod runs an object's refinements after
 * a field's non-aborting failure, and the rules those refinements call (clear days, call-in
 * periods) cannot compute with a date that does not exist.
 */
export function calendarDate(format: string, notReal = 'not a real calendar date') {
  return z
    .string({ message: format })
    .regex(ISO_DATE, { message: format, abort: true })
    .refine(isCalendarDate, { message: notReal, abort: true });
}

export function parseDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, n: number): string {
  const d = parseDate(date);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The calendar date in London at an instant. */
export function londonDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(at);
}

/** The instant at which the London wall clock shows `hour`:00 on `date`. */
export function londonTime(date: string, hour: number): Date {
  const guess = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  // London is UTC or UTC+1; the offset at the guessed instant is right except within the hour of a change.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    hourCycle: 'h23',
  }).format(guess);
  const offsetHours = (Number(parts) - hour + 24) % 24;
  return new Date(guess.getTime() - offsetHours * 3600_000);
}

/** A deadline "by 16 November" has passed once 16 November has ended in London. */
export function endOfLondonDay(date: string): Date {
  return londonTime(addDays(date, 1), 0);
}
