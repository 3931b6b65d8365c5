import { isRealDate } from '../governance/working-day-calendar.service';
import { dateInWords } from './email-message.service';

/**
 * A sentence's calendar dates as people read them, in one place: the pages write a case's summary
 * and a refusal's lines with it (apps/api/pages/forms/words.service.ts), and so does the case the
 * API gives (case-view.service.ts), whose dates stay ISO in their own fields.
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

/** An ISO date standing on its own in a sentence: not part of a longer code ("PO-2026-03-01-7"). */
const ISO_DATE_IN_TEXT = /(?<![\w-])\d{4}-\d{2}-\d{2}(?!\w|-\w)/g;

/**
 * A use case's sentence with its dates (2026-12-03) in words (Thursday 3 December 2026); anything
 * else, a date-like run that is no day ("2026-13-01") or a code holding a date, as it was.
 */
export function datesInWords(text: string): string {
  return text.replace(ISO_DATE_IN_TEXT, (iso) => dayInWords(iso, iso));
}
