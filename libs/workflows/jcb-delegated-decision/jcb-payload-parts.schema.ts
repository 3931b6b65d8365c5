import { z } from 'zod';
import { calendarDate } from '../../governance/working-day-calendar.service';

/**
 * The field shapes the JCB versions' payloads are made of, and how their rules refuse: a refusal
 * is a validation issue whose message starts with the rule's stable code ("INQUORATE: …"), which
 * the engine returns as 422 with the message in `problems`. Shared so that every version words a
 * missing text or a refusal the same way (version 4 dates its example differently, so it keeps its
 * own calendar date).
 */

export const isoDate = calendarDate('use a calendar date such as 2021-11-16', 'not a real date');

export const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

export const personId = z.string().trim().min(1, 'give the person id').max(100);

/**
 * NO_DATE's line: an answer is dated the day it is given, which only a case knows (a payload
 * checked on its own has no day).
 */
export const NO_DATE_LINE =
  'an answer is dated the day it is given, and no day is known here: give it from its emailed link or on the case page';

/** The item a case is about, as the interest rules name it; dispensations cover it by this id. */
export const JCB_ITEM_ID = 'item';

export const refused = (
  ctx: z.RefinementCtx,
  code: string,
  explanation: string[],
  path: string[] = [],
) =>
  ctx.addIssue({
    code: 'custom',
    message: `${code}: ${explanation.map((l) => l.trim()).join('; ')}`,
    path,
  });
