import { describeDay } from '../governance/clear-days.service';
import type { MeetingEvents, WorkflowTemplate } from './workflow.template';

/**
 * The rule that a meeting's outcome on a matter comes from a meeting later than the last meeting
 * that took the matter, whichever body held it (issue #15): after the HWBB deferred the
 * arrangements on 8 July, a show of hands dated 1 July does not agree them; after the HWBB
 * referred the year-end report back on 26 August, a JCB consensus dated 22 August does not sign
 * the revised report off. Templates from BCF board sign-off v4 and quarterly report v4 on refuse
 * such an outcome whole before anything is recorded (their `meetingEvents`, answered by the
 * meetings API as 422 GOVERNANCE_RULE_BROKEN with this rule), and their machines do not take it.
 */
export const MEETING_BEFORE_THE_LAST_ON_THE_MATTER = 'MEETING_BEFORE_THE_LAST_ON_THE_MATTER';

/** A meeting's outcome is taken only from a meeting after `last` (no meeting yet: any). */
export function laterThanTheLastMeeting(meetingDate: string, last: string | null): boolean {
  return last === null || meetingDate > last;
}

/** The refusal, in lines a person can check (none contains "; ", which separates them). */
export function meetingBeforeTheLastOnTheMatter(
  meetingDate: string,
  last: { meetingDate: string; what: string },
): Extract<MeetingEvents, { ok: false }> {
  return {
    ok: false,
    code: MEETING_BEFORE_THE_LAST_ON_THE_MATTER,
    explanation: [
      `the meeting of ${describeDay(meetingDate)} is not later than ${last.what} on ${describeDay(last.meetingDate)}, the last meeting to take the matter`,
      'only a meeting held after the last one on the matter decides it now: record the show of hands of a later meeting',
    ],
  };
}

/**
 * A version's `meetingEvents`: its predecessor's, refusing an outcome from a meeting not later than
 * the last meeting on the matter (`lastMeeting` reads it from the case's context). Board v4 and
 * quarterly v4 are their v3 plus this one difference.
 */
export function onlyFromALaterMeeting<Context>(
  predecessor: NonNullable<WorkflowTemplate['meetingEvents']>,
  lastMeeting: (context: Context) => { meetingDate: string; what: string } | null,
): NonNullable<WorkflowTemplate['meetingEvents']> {
  return (outcome, current) => {
    const events = predecessor(outcome, current);
    if (!events.ok) return events;
    const last = lastMeeting(current.context as Context);
    if (last !== null && !laterThanTheLastMeeting(outcome.meetingDate, last.meetingDate))
      return meetingBeforeTheLastOnTheMatter(outcome.meetingDate, last);
    return events;
  };
}
