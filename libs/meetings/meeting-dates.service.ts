import { GovernanceRuleError } from '../errors/domain.errors';
import {
  checkHappensToday,
  checkRecordedDate,
  type DatedStep,
  type RecordedDateVerdict,
} from '../governance/recorded-dates.service';

/**
 * The meetings API's recorded dates (libs/governance/recorded-dates.service.ts), refused as the
 * cases API refuses them: 422 GOVERNANCE_RULE_BROKEN with the rule and its lines, nothing written.
 */

function refuseUnless(v: RecordedDateVerdict, what: string, path?: string): void {
  if (!v.ok)
    throw new GovernanceRuleError(
      v.code,
      `${what}: ${v.explanation[0]}. Nothing was recorded.`,
      v.explanation,
      path ? { problems: [{ path, message: v.explanation[0] }] } : {},
    );
}

/** A date given as when something was published or agreed: not after today, nor before `follows`. */
export function refuseImpossibleDate(
  field: string,
  what: string,
  on: string | null | undefined,
  today: string,
  follows: DatedStep[] = [],
): void {
  if (!on) return;
  // A step dated after today (written by another clock, or before these rules) bounds nothing.
  const steps = follows.filter((f) => f.on <= today);
  refuseUnless(checkRecordedDate({ what, on }, today, steps), `${what} cannot be recorded`, field);
}

/**
 * Business done at the meeting (a show of hands, the approval of minutes) happens on or after the
 * meeting's day: recorded today, it is refused while the meeting is still to come.
 */
export function refuseBeforeTheMeeting(
  what: string,
  rule: string,
  meeting: { meetingDate: string; title: string },
  today: string,
): void {
  refuseUnless(
    checkHappensToday(what, today, [
      { what: `the meeting (${meeting.title})`, on: meeting.meetingDate, rule },
    ]),
    `${what} cannot be recorded yet`,
  );
}
