import { z } from 'zod';
import {
  addDays,
  bankHolidaysBetween,
  bankHolidaysOf,
  calendarDate,
  isWeekday,
  parseDate,
  stepBudget,
  weekdaysBetween,
  WorkingDayCalendar,
} from './working-day-calendar.service';

/**
 * A council's calendar: England and Wales working days (WorkingDayCalendar) less the council's own
 * closures, and clear days as the access-to-information rules count them. Clear days exclude the
 * day of publication and the day of the meeting (DOMAIN.md, from seed 002, JCB ToR 6.8). Whether
 * weekends count is a per-council setting; when they do, every calendar day strictly between the
 * two counts (bank holidays and closures too), otherwise only working days do. Every date comes
 * with the lines a person needs to check it.
 */

const isoDate = calendarDate('write the date as YYYY-MM-DD');

/** A council closes a few days a year; a longer list is a mistake, and it bounds every walk. */
const MAX_CLOSURES = 500;

/** Lines naming the days that are not clear days; a longer list ends with how many more. */
const MAX_NAMED_DAYS = 30;

export const councilCalendarSettingsSchema = z.object({
  /** Days the council is closed although England is not on holiday (e.g. 29-31 December). */
  extraClosures: z
    .array(z.object({ date: isoDate, reason: z.string().trim().min(1) }))
    .max(MAX_CLOSURES, `list at most ${MAX_CLOSURES} closure days; remove past ones first`)
    .superRefine((list, ctx) => {
      // One reason per day: a second entry for a day would leave which reason stands unclear.
      list.forEach((c, i) => {
        if (list.findIndex((x) => x.date === c.date) < i)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'date'],
            message: `${describeDay(c.date)} is already a closure day: remove it first to change its reason`,
          });
      });
    })
    .default([]),
  /** Default false: clear days are working days. True: every calendar day counts. */
  weekendsCountAsClearDays: z.boolean().default(false),
});

export type CouncilCalendarSettings = z.infer<typeof councilCalendarSettingsSchema>;

export type DayKind =
  | { kind: 'working' }
  | { kind: 'weekend' }
  | { kind: 'bankHoliday'; name: string }
  | { kind: 'closure'; reason: string };

/** A computed date and the lines that justify it. */
export interface ExplainedDate {
  date: string;
  explanation: string[];
}

export interface ClearDayCount {
  count: number;
  explanation: string[];
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Fri 22 Aug 2025": how the explanations name a day. */
export function describeDay(date: string): string {
  const d = parseDate(date);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysFromTo(from: string, to: string): number {
  return Math.round((parseDate(to).getTime() - parseDate(from).getTime()) / 86_400_000);
}

function bankHolidayName(date: string): string | undefined {
  return bankHolidaysOf(parseDate(date).getUTCFullYear()).get(date);
}

export class CouncilCalendar {
  readonly settings: CouncilCalendarSettings;
  private readonly closures: Map<string, string>;

  /** Throws a ZodError naming the bad field when the settings are not valid. */
  constructor(
    settings: Partial<CouncilCalendarSettings> = {},
    private readonly base: WorkingDayCalendar = new WorkingDayCalendar(),
  ) {
    this.settings = councilCalendarSettingsSchema.parse(settings);
    this.closures = new Map(this.settings.extraClosures.map((c) => [c.date, c.reason]));
  }

  /** Why a day is or is not a working day; a bank holiday on a weekend is named as the holiday. */
  dayKind(date: string): DayKind {
    const closure = this.closures.get(date);
    if (this.base.isWorkingDay(date))
      return closure === undefined ? { kind: 'working' } : { kind: 'closure', reason: closure };
    const name = bankHolidayName(date);
    if (name !== undefined) return { kind: 'bankHoliday', name };
    return { kind: 'weekend' };
  }

  isWorkingDay(date: string): boolean {
    return this.dayKind(date).kind === 'working';
  }

  /** Whether a day strictly between publication and meeting counts as a clear day. */
  countsAsClearDay(date: string): boolean {
    return this.settings.weekendsCountAsClearDays || this.isWorkingDay(date);
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return this.walk(date, 1, 1, (d) => this.isWorkingDay(d)).date;
  }

  /** The last working day on or before `date`. */
  workingDayOnOrBefore(date: string): string {
    return this.isWorkingDay(date)
      ? date
      : this.walk(date, -1, 1, (d) => this.isWorkingDay(d)).date;
  }

  /**
   * The date `n` (≥ 0) working days after `date`, with the non-working weekdays (and holidays
   * falling on a weekend) it stepped over: "from Fri 22 Aug 2025; Mon 25 Aug 2025 is a bank
   * holiday (Summer bank holiday); 5 working days end Mon 1 Sep 2025".
   */
  addWorkingDays(date: string, n: number, startLabel = 'from'): ExplainedDate {
    assertCount(n);
    const explanation = [`${startLabel} ${describeDay(date)}`];
    const { date: d, skipped } = this.walk(date, 1, n, (x) => this.isWorkingDay(x));
    for (const x of skipped) {
      const why = this.notWorkingBecause(x);
      if (why) explanation.push(why);
    }
    explanation.push(
      n === 0
        ? `0 working days: the same day, ${describeDay(d)}`
        : `${plural(n, 'working day')} end ${describeDay(d)}`,
    );
    return { date: d, explanation };
  }

  /**
   * Clear days strictly between publication and meeting, under the council's setting. Counted,
   * not walked: the weekdays between less the bank holidays and closures that fall on them.
   */
  clearDaysBetween(publishedOn: string, meetingOn: string): ClearDayCount {
    const explanation = [
      `published ${describeDay(publishedOn)}; meeting ${describeDay(meetingOn)}`,
      this.basisLine(),
    ];
    if (meetingOn <= publishedOn) {
      explanation.push('the meeting is not after publication: 0 clear days');
      return { count: 0, explanation };
    }
    const between = (d: string) => d > publishedOn && d < meetingOn;
    let count = daysFromTo(publishedOn, meetingOn) - 1;
    if (!this.settings.weekendsCountAsClearDays) {
      // Every weekday that is not a working day is a bank holiday or a closure.
      const candidates = new Set([
        ...bankHolidaysBetween(publishedOn, meetingOn).map(([d]) => d),
        ...[...this.closures.keys()].filter(between),
      ]);
      const notClear = [...candidates].sort().filter((d) => !this.isWorkingDay(d));
      count = weekdaysBetween(publishedOn, meetingOn) - notClear.filter(isWeekday).length;
      const lines = notClear.flatMap((d) => {
        const why = this.notWorkingBecause(d);
        return why ? [`${why}: not a clear day`] : [];
      });
      explanation.push(...lines.slice(0, MAX_NAMED_DAYS));
      if (lines.length > MAX_NAMED_DAYS)
        explanation.push(
          `and ${plural(lines.length - MAX_NAMED_DAYS, 'more bank holiday or closure')}: not clear days`,
        );
    }
    if (count === 0) {
      explanation.push('0 clear days');
      return { count, explanation };
    }
    const first = this.walk(publishedOn, 1, 1, (d) => this.countsAsClearDay(d)).date;
    const last = this.walk(meetingOn, -1, 1, (d) => this.countsAsClearDay(d)).date;
    explanation.push(
      `${plural(count, 'clear day')}: ${describeDay(first)} to ${describeDay(last)}`,
    );
    return { count, explanation };
  }

  /**
   * The latest publication date that leaves `clearDays` clear days before the meeting, and the
   * last working day on or before it (when the office must actually publish).
   */
  latestPublicationDate(
    meetingOn: string,
    clearDays: number,
  ): ExplainedDate & { lastWorkingDay: string } {
    assertCount(clearDays);
    const d = this.walk(meetingOn, -1, clearDays, (x) => this.countsAsClearDay(x)).date;
    const date = addDays(d, -1);
    const lastWorkingDay = this.workingDayOnOrBefore(date);
    const explanation = [
      `meeting ${describeDay(meetingOn)}; ${plural(clearDays, 'clear day')} needed`,
      this.basisLine(),
      clearDays === 0
        ? 'no clear days needed: publish by the day before the meeting'
        : `the clear days run ${describeDay(d)} to ${describeDay(addDays(meetingOn, -1))} (counting only clear days)`,
      `publish by ${describeDay(date)}`,
    ];
    if (lastWorkingDay !== date)
      explanation.push(
        `${describeDay(date)} is not a working day: the last working day before it is ${describeDay(lastWorkingDay)}`,
      );
    return { date, lastWorkingDay, explanation };
  }

  /** The earliest meeting date that leaves `clearDays` clear days after publication. */
  earliestMeetingDate(publishedOn: string, clearDays: number): ExplainedDate {
    assertCount(clearDays);
    const d = this.walk(publishedOn, 1, clearDays, (x) => this.countsAsClearDay(x)).date;
    const date = addDays(d, 1);
    return {
      date,
      explanation: [
        `published ${describeDay(publishedOn)}; ${plural(clearDays, 'clear day')} needed`,
        this.basisLine(),
        clearDays === 0 ? 'no clear days needed' : `the last clear day is ${describeDay(d)}`,
        `the meeting may be held from ${describeDay(date)}`,
      ],
    };
  }

  /**
   * Steps a day at a time from `date` (not counting it) until `n` days have counted, giving the
   * day it stopped on and the days it passed over. Bounded by construction: n days, the weekends
   * and bank holidays among them, and every closure day of the council.
   */
  private walk(
    date: string,
    step: 1 | -1,
    n: number,
    counts: (d: string) => boolean,
  ): { date: string; skipped: string[] } {
    const budget = stepBudget(n, this.closures.size);
    const skipped: string[] = [];
    let d = date;
    for (let left = n, i = 0; left > 0; i++) {
      if (i >= budget) throw new RangeError(`${n} days from ${date} ran past their bound`);
      d = addDays(d, step);
      if (counts(d)) left--;
      else skipped.push(d);
    }
    return { date: d, skipped };
  }

  private basisLine(): string {
    return this.settings.weekendsCountAsClearDays
      ? 'clear days exclude the day of publication and the day of the meeting; every calendar day between counts'
      : 'clear days exclude the day of publication and the day of the meeting; weekends, bank holidays and council closures do not count';
  }

  /** Words for a non-working day worth mentioning; plain weekends go without saying. */
  private notWorkingBecause(date: string): string | undefined {
    const kind = this.dayKind(date);
    switch (kind.kind) {
      case 'working':
      case 'weekend':
        return undefined;
      case 'bankHoliday':
        return `${describeDay(date)} is a bank holiday (${kind.name})`;
      case 'closure':
        return `${describeDay(date)} the council is closed (${kind.reason})`;
    }
  }
}

export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function assertCount(n: number): void {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`A number of days must be a whole number, 0 or more; got ${n}`);
}
