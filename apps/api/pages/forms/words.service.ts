import { dateInWords } from '../../../../libs/notifications/email-message.service';
import { isRealDate, londonDate } from '../../../../libs/governance/working-day-calendar.service';

/**
 * Dates and times as pages write them for people: in words, in London's time, never an ISO date,
 * a UTC time or an offset.
 */

/**
 * Whether a value is a calendar date as the engine stores them ("2026-12-17"): a day that exists,
 * so "2026-13-01" (no thirteenth month) or "2026-02-30" are not dates.
 */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && isRealDate(value);
}

/** "Tuesday 1 December 2026", or `none` when there is no date. */
export function dayInWords(iso: string | null | undefined, none = ''): string {
  return isCalendarDate(iso) ? dateInWords(iso) : none;
}

/** Made once: a DateTimeFormat costs far more to make than to use (a dashboard says 50 times). */
const LONDON_CLOCK = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
});

/** "9:04pm" on London's clock. */
export function londonClock(at: Date): string {
  const parts = LONDON_CLOCK.formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(part('hour'))}:${part('minute')}${part('dayPeriod').toLowerCase().replace(/\s|\./g, '')}`;
}

/** "Tuesday 1 December 2026 at 9:04pm", London time. */
export function whenInWords(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return `${dateInWords(londonDate(d))} at ${londonClock(d)}`;
}

/**
 * A deadline as people meet it: "by the end of Tuesday 2 September 2025". A deadline falls due as
 * its last day ends in London (endOfLondonDay), so its instant is the next day's midnight: shown
 * as a time, "Wednesday 3 September at 12:00am" would read as a day more than there is.
 */
export function deadlineInWords(dueAt: Date | string): string {
  const d = typeof dueAt === 'string' ? new Date(dueAt) : dueAt;
  return `by the end of ${dateInWords(londonDate(new Date(d.getTime() - 1)))}`;
}

/** "Today at 9:04pm", "Yesterday at 8:15am", else the whole date; `never` when there is none. */
export function lastTimeInWords(at: Date | string | null, now: Date, never = 'Never'): string {
  if (!at) return never;
  const d = typeof at === 'string' ? new Date(at) : at;
  const day = londonDate(d);
  const today = londonDate(now);
  const yesterday = londonDate(new Date(now.getTime() - 24 * 3600_000));
  if (day === today) return `Today at ${londonClock(d)}`;
  if (day === yesterday) return `Yesterday at ${londonClock(d)}`;
  return whenInWords(d);
}

/** An ISO date standing on its own in a sentence: not part of a longer code ("PO-2026-03-01-7"). */
const ISO_DATE_IN_TEXT = /(?<![\w-])\d{4}-\d{2}-\d{2}(?!\w|-\w)/g;

/**
 * A use case's sentence with its dates (2026-12-03) in words (Thursday 3 December 2026); anything
 * else, a date-like run that is no day ("2026-13-01") or a code holding a date, as it was.
 */
export function datesInWords(text: string): string {
  return text.replace(ISO_DATE_IN_TEXT, (iso) => dayInWords(iso, iso));
}
