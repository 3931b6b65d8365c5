import { describeDay } from './clear-days.service';
import { refuse, type Refusal } from './governance.errors';

/**
 * A lawful record holds only what could have happened: a date recorded as the day something took
 * place (a decision, a signature, a publication, a submission, a noting, a call-in, a vote) is not
 * after today in the council's time zone (Europe/London), nor before the step it follows (a
 * publication not before the decision and its signatures, a show of hands not before its meeting),
 * nor after the last day it could lawfully happen (a call-in within its period). Pure: the caller
 * reads today and the steps' dates; each refusal names its rule and the days it compared.
 */

export type RecordedDateRefusalCode =
  | 'RECORDED_DATE_IN_THE_FUTURE'
  | 'RECORDED_DATE_BEFORE_ITS_STEP'
  | 'RECORDED_DATE_AFTER_ITS_PERIOD';

/** The date being recorded: what it is the day of, in words ("the publication"), and the day. */
export interface RecordedDate {
  what: string;
  on: string;
}

/** A step the recorded date must not come before (or, for a period, after). */
export interface DatedStep {
  /** In words, e.g. "the decision" or "the meeting". */
  what: string;
  on: string;
  /** The rule's own name where a more precise one exists (CALL_IN_BEFORE_PUBLICATION). */
  rule?: string;
}

export type RecordedDateVerdict = { ok: true; explanation: string[] } | Refusal<string>;

/**
 * Whether `date` could have happened: not after `today`, not before any step in `follows`, not
 * after any last day in `until`. The first rule broken is the refusal; every line names the days.
 */
export function checkRecordedDate(
  date: RecordedDate,
  today: string,
  follows: DatedStep[] = [],
  until: DatedStep[] = [],
): RecordedDateVerdict {
  if (date.on > today)
    return refuse('RECORDED_DATE_IN_THE_FUTURE', [
      `${date.what} is dated ${describeDay(date.on)}, after today, ${describeDay(today)} (London)`,
      'the record holds what has happened: record it on or after the day it happens',
    ]);
  const explanation = [`${date.what} on ${describeDay(date.on)}: not after today`];
  for (const step of follows) {
    if (date.on < step.on)
      return refuse(step.rule ?? 'RECORDED_DATE_BEFORE_ITS_STEP', [
        `${date.what} is dated ${describeDay(date.on)}, before ${step.what} on ${describeDay(step.on)}`,
        `${date.what} follows ${step.what}: check the date`,
      ]);
    explanation.push(`on or after ${step.what} on ${describeDay(step.on)}`);
  }
  for (const end of until) {
    if (date.on > end.on)
      return refuse(end.rule ?? 'RECORDED_DATE_AFTER_ITS_PERIOD', [
        `${date.what} is dated ${describeDay(date.on)}, after ${end.what} on ${describeDay(end.on)}`,
        `${date.what} can only happen until ${end.what}`,
      ]);
    explanation.push(`on or before ${end.what} on ${describeDay(end.on)}`);
  }
  return { ok: true, explanation };
}

/**
 * Something that happens now (a show of hands, an approval of minutes at the meeting) checked as a
 * recorded date of today: refused before the day of the step it belongs to.
 */
export function checkHappensToday(
  what: string,
  today: string,
  follows: DatedStep[],
): RecordedDateVerdict {
  return checkRecordedDate({ what, on: today }, today, follows);
}

/**
 * A step taken today (an answer from an emailed link, dated by the template) that may not be taken
 * before the day of a step it follows (a decision not before its meeting): refused, saying from
 * when it can be. Unlike a recorded date, a step dated after today bounds it too: that is the day
 * it waits for.
 */
export function checkTakenToday(
  what: string,
  today: string,
  follows: DatedStep[],
): RecordedDateVerdict {
  const explanation: string[] = [];
  for (const step of follows) {
    if (today < step.on)
      return refuse(step.rule ?? 'TAKEN_BEFORE_ITS_STEP', [
        `${what} cannot be taken before ${step.what} on ${describeDay(step.on)}`,
        `it can be taken from ${describeDay(step.on)}; today is ${describeDay(today)} (London)`,
      ]);
    explanation.push(`${what} today: on or after ${step.what} on ${describeDay(step.on)}`);
  }
  return { ok: true, explanation };
}
