import { dateInWords } from '../../../../libs/notifications/email-message.service';
import { londonDate } from '../../../../libs/governance/working-day-calendar.service';

/**
 * Dates and times as pages write them for people: in words, in London's time, never an ISO date,
 * a UTC time or an offset.
 */

// A sentence's dates in words: one place, shared with the case the API gives.
export {
  dayInWords,
  datesInWords,
  isCalendarDate,
} from '../../../../libs/notifications/dates-in-words.service';

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
