import { dateInWords } from '../../../../libs/notifications/email-message.service';
import { londonDate } from '../../../../libs/governance/working-day-calendar.service';

/**
 * Dates and times as pages write them for people: in words, in London's time, never an ISO date,
 * a UTC time or an offset.
 */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a value is a calendar date as the engine stores them ("2026-12-17"). */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value);
}

/** "Tuesday 1 December 2026", or `none` when there is no date. */
export function dayInWords(iso: string | null | undefined, none = ''): string {
  return isCalendarDate(iso) ? dateInWords(iso) : none;
}

/** "9:04pm" on London's clock. */
export function londonClock(at: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: 'numeric',
    minute: '2-digit',
    hourCycle: 'h12',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${Number(part('hour'))}:${part('minute')}${part('dayPeriod').toLowerCase().replace(/\s|\./g, '')}`;
}

/** "Tuesday 1 December 2026 at 9:04pm", London time. */
export function whenInWords(at: Date | string): string {
  const d = typeof at === 'string' ? new Date(at) : at;
  return `${dateInWords(londonDate(d))} at ${londonClock(d)}`;
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

/** A use case's sentence with its dates (2026-12-03) in words (Thursday 3 December 2026). */
export function datesInWords(text: string): string {
  return text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => dayInWords(iso, iso));
}
