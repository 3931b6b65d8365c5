import { dateInWords } from '../../../libs/notifications/email-message.service';

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
});

/** A moment as a council writes it, in London: "3 December 2026 at 9:04pm". */
export function whenInWords(at: string | Date): string {
  const parts = LONDON.formatToParts(typeof at === 'string' ? new Date(at) : at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const period = part('dayPeriod').toLowerCase().replace(/\s|\./g, '');
  return `${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')}${period}`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date ("2026-12-17") in words, "Thursday 17 December 2026"; anything else as given. */
export function dayInWords(date: string): string {
  return ISO_DATE.test(date) ? dateInWords(date) : date;
}

/** Whether a value is a calendar date as the engine stores them. */
export function isCalendarDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE.test(value);
}
