import { z } from 'zod';
import type Holidays from 'date-holidays';
import {
  ENGLAND_BANK_HOLIDAYS,
  ENGLAND_BANK_HOLIDAYS_FROM,
  ENGLAND_BANK_HOLIDAYS_TO,
} from './england-bank-holidays.table';

/**
 * The years a calendar date may fall in. Council business has no dates centuries away; a date
 * outside these years is a typing mistake (0202 for 2026) and is refused where it enters, so
 * that no rule counts days across centuries. Set once at start-up from CALENDAR_YEARS.
 */
export interface CalendarYears {
  earliest: number;
  latest: number;
}

export const DEFAULT_CALENDAR_YEARS: CalendarYears = { earliest: 1990, latest: 2100 };
let calendarYears: CalendarYears = DEFAULT_CALENDAR_YEARS;

export function setCalendarYears(years: CalendarYears): void {
  if (
    !Number.isInteger(years.earliest) ||
    !Number.isInteger(years.latest) ||
    years.earliest < 1000 ||
    years.latest > 9000 ||
    years.earliest > years.latest
  )
    throw new RangeError(`Calendar years must run forwards within 1000 to 9000`);
  calendarYears = { ...years };
}

export function currentCalendarYears(): CalendarYears {
  return calendarYears;
}

/** England and Wales bank holidays by year, read or computed once per year for every calendar. */
const holidaysByYear = new Map<number, Map<string, string>>();
let englandHolidays: Holidays | undefined;

/** The year's bank holidays (date → name), in date order. */
export function bankHolidaysOf(year: number): Map<string, string> {
  let names = holidaysByYear.get(year);
  if (!names) {
    names = new Map(
      year >= ENGLAND_BANK_HOLIDAYS_FROM && year <= ENGLAND_BANK_HOLIDAYS_TO
        ? tabledHolidays(year)
        : computedHolidays(year),
    );
    holidaysByYear.set(year, names);
  }
  return names;
}

/** From the table date-holidays wrote (england-bank-holidays.table.ts). */
function tabledHolidays(year: number): [string, string][] {
  return ENGLAND_BANK_HOLIDAYS[year]
    .split('; ')
    .map((entry) => [`${year}-${entry.slice(0, 5)}`, entry.slice(6)]);
}

/**
 * From date-holidays, for a year outside the table (CALENDAR_YEARS set wider): loaded then, not
 * at start, because its parser brings astronomia and moment-timezone, 5.6 MB of V8's heap in
 * every process (issue #21, ADR 0042).
 */
function computedHolidays(year: number): [string, string][] {
  if (!englandHolidays) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first used
    const HolidaysOf = require('date-holidays') as typeof import('date-holidays').default;
    englandHolidays = new HolidaysOf('GB', 'ENG');
  }
  return englandHolidays
    .getHolidays(year)
    .filter((h) => h.type === 'public')
    .map((h): [string, string] => [h.date.slice(0, 10), h.name])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Bank holidays (date and name) strictly after `from` and strictly before `to`, in date order. */
export function bankHolidaysBetween(from: string, to: string): [string, string][] {
  const found: [string, string][] = [];
  for (let y = yearOf(from); y <= yearOf(to); y++)
    for (const [date, name] of bankHolidaysOf(y))
      if (date > from && date < to) found.push([date, name]);
  return found;
}

/**
 * Working days in England: not a weekend, not an England and Wales bank holiday. Dates are
 * calendar dates (YYYY-MM-DD) as a council writes them; times are Europe/London. Every count is
 * arithmetic over weeks and the holidays in between, and every step loop is bounded by its count,
 * so no input makes a rule run for long.
 */
export class WorkingDayCalendar {
  isWorkingDay(date: string): boolean {
    return isWeekday(date) && !bankHolidaysOf(yearOf(date)).has(date);
  }

  /** The date `n` working days after (or, for negative n, before) `date`. */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    const step = n >= 0 ? 1 : -1;
    const steps = stepBudget(Math.abs(n));
    for (let left = Math.abs(n), i = 0; left > 0; i++) {
      if (i >= steps) throw new RangeError(`no ${n} working days from ${date}`);
      d = addDays(d, step);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days after `from` up to and including `to`: "3 working days remain". */
  workingDaysBetween(from: string, to: string): number {
    if (to <= from) return 0;
    const holidays = bankHolidaysBetween(from, addDays(to, 1)).filter(([d]) => isWeekday(d));
    return weekdaysBetween(from, addDays(to, 1)) - holidays.length;
  }
}

/**
 * How many days a walk of `n` working days may step through: a week for every five, every bank
 * holiday of the years it can cross, and `extra` closure days. A walk that needs more is a bug.
 */
export function stepBudget(n: number, extra = 0): number {
  return Math.ceil((n * 7) / 5) + 7 + 12 * (Math.ceil(n / 250) + 1) + extra;
}

/** Mondays to Fridays strictly after `from` and strictly before `to`. */
export function weekdaysBetween(from: string, to: string): number {
  const a = dayNumber(from) + 1;
  const b = dayNumber(to);
  return b <= a ? 0 : weekdaysBefore(b) - weekdaysBefore(a);
}

/** Weekdays among the days numbered 0 (1 Jan 1970, a Thursday) up to but not including `n`. */
function weekdaysBefore(n: number): number {
  const weeks = Math.floor(n / 7);
  const rest = n - weeks * 7;
  let count = weeks * 5;
  for (let r = 0; r < rest; r++) if ((r + 4) % 7 !== 0 && (r + 4) % 7 !== 6) count++;
  return count;
}

function dayNumber(date: string): number {
  return Math.round(parseDate(date).getTime() / 86_400_000);
}

export function isWeekday(date: string): boolean {
  const dow = parseDate(date).getUTCDay();
  return dow !== 0 && dow !== 6;
}

function yearOf(date: string): number {
  return parseDate(date).getUTCFullYear();
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `s` is a real calendar date written YYYY-MM-DD: not 2025-02-30, not 2025-13-01. */
export function isRealDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = parseDate(s);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** A real calendar date within the calendar's years: the one date type of the product. */
export function isCalendarDate(s: string): boolean {
  return isRealDate(s) && withinCalendarYears(s);
}

function withinCalendarYears(s: string): boolean {
  const year = Number(s.slice(0, 4));
  return year >= calendarYears.earliest && year <= calendarYears.latest;
}

/** "use a year from 1990 to 2100": what to fix about a date outside the calendar's years. */
export function calendarYearsMessage(): string {
  return `use a year from ${calendarYears.earliest} to ${calendarYears.latest}`;
}

/**
 * A real calendar date within the calendar's years as a zod schema. Every check aborts: zod runs
 * an object's refinements after a field's non-aborting failure, and the rules those refinements
 * call (clear days, call-in periods) cannot compute with a date that does not exist.
 */
export function calendarDate(format: string, notReal = 'not a real calendar date') {
  return z
    .string({ message: format })
    .regex(ISO_DATE, { message: format, abort: true })
    .refine(isRealDate, { message: notReal, abort: true })
    .refine(withinCalendarYears, { error: () => calendarYearsMessage(), abort: true });
}

export function parseDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

export function addDays(date: string, n: number): string {
  const d = parseDate(date);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/*
 * Formatters made once: making an Intl.DateTimeFormat costs tens of microseconds, and londonDate
 * runs several times for every event a worker fires (issue #21, the deadline sweep's profile).
 */
const LONDON_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' });
const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: '2-digit',
  hourCycle: 'h23',
});
const DAY_IN_WORDS = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

const HOUR_MS = 3_600_000;
/** The last instant a Date can hold (year 275760): its hour ends past it, so is never kept. */
const LAST_INSTANT = 8.64e15;
/** London's date by UTC hour (hours since 1970), for londonDate; bounded, the oldest dropped. */
const LONDON_DATE_OF_HOUR = new Map<number, string>();

/**
 * The calendar date in London at an instant. London's clocks change on the hour, so each UTC hour
 * lies in one London day: the formatter runs once an hour (a few microseconds a call otherwise,
 * called several times for every event sent and every reply; issue #21), and only for an hour
 * found to lie in one day at its first and last millisecond is the answer kept.
 */
export function londonDate(at: Date): string {
  const hour = Math.floor(at.getTime() / HOUR_MS);
  const known = LONDON_DATE_OF_HOUR.get(hour);
  if (known !== undefined) return known;
  const date = LONDON_DATE.format(at);
  const start = hour * HOUR_MS;
  const end = start + HOUR_MS - 1;
  if (
    end <= LAST_INSTANT &&
    LONDON_DATE.format(start) === date &&
    LONDON_DATE.format(end) === date
  ) {
    if (LONDON_DATE_OF_HOUR.size >= 1024)
      LONDON_DATE_OF_HOUR.delete(LONDON_DATE_OF_HOUR.keys().next().value!);
    LONDON_DATE_OF_HOUR.set(hour, date);
  }
  return date;
}

/** The instant at which the London wall clock shows `hour`:00 on `date`. */
export function londonTime(date: string, hour: number): Date {
  const guess = new Date(`${date}T${String(hour).padStart(2, '0')}:00:00Z`);
  // London is UTC or UTC+1; the offset at the guessed instant is right except within the hour of a change.
  const parts = LONDON_HOUR.format(guess);
  const offsetHours = (Number(parts) - hour + 24) % 24;
  return new Date(guess.getTime() - offsetHours * 3600_000);
}

/** A deadline "by 16 November" has passed once 16 November has ended in London. */
export function endOfLondonDay(date: string): Date {
  return londonTime(addDays(date, 1), 0);
}

/** A calendar date as people write it ("21 October 2021"), for refusals that name a day. */
export function calendarDayInWords(date: string): string {
  return DAY_IN_WORDS.format(parseDate(date));
}
