/*
 * The seed's dates: submission by Tuesday 16 Nov 2021, noting by Thursday 16 Dec 2021, assurance
 * expected Sunday 9 Jan 2022. London is on GMT in November to January, so London times are UTC.
 * The machine reminds 5 and 2 working days before the submission deadline (Tue 9 Nov and Fri 12
 * Nov, 09:00) and 10 working days before the noting deadline (Thu 2 Dec, 09:00); a deadline
 * "by 16 Nov" passes when 16 Nov ends in London (17 Nov 00:00).
 */
export const FIVE_DAY_REMINDER = '2021-11-09T09:00:00.000Z';
export const TWO_DAY_REMINDER = '2021-11-12T09:00:00.000Z';
export const SUBMISSION_PASSED = '2021-11-17T00:00:00.000Z';
export const NOTING_REMINDER = '2021-12-02T09:00:00.000Z';
export const NOTING_PASSED = '2021-12-17T00:00:00.000Z';
export const ASSURANCE_PASSED = '2022-01-10T00:00:00.000Z';

/** The instant just before `iso`. */
export const before = (iso: string) => new Date(new Date(iso).getTime() - 1);

export interface EffectRow {
  message: string;
  to: string;
  workingDaysLeft: number | null;
}
export interface DeadlineRow {
  key: string;
  kind: string;
  status: string;
  due_at: Date;
  settled_at: Date | null;
  event: { type: string; key: string; workingDaysLeft?: number };
}
