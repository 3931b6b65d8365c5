import type { BcfDates } from './bcf-delegated-sign-off.context';

/** Moves a date by whole days (calendar dates as YYYY-MM-DD). */
function shiftDate(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/**
 * The dates for a resubmission after "not approved": the new submission date, and the assurance
 * and noting dates given with it or kept at the same distance from submission as before, so that
 * they never fall before the resubmission.
 */
export function roundTwoDates(
  dates: BcfDates,
  resubmitBy: string,
  given: { expectedAssuranceDate?: string; notingDeadline?: string } = {},
): BcfDates {
  return {
    submissionDeadline: resubmitBy,
    expectedAssuranceDate:
      given.expectedAssuranceDate ??
      shiftDate(resubmitBy, daysBetween(dates.submissionDeadline, dates.expectedAssuranceDate)),
    notingDeadline:
      given.notingDeadline ??
      shiftDate(resubmitBy, daysBetween(dates.submissionDeadline, dates.notingDeadline)),
  };
}
