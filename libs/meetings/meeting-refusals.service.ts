import type { Actor } from '../core/actor.dto';
import { GovernanceRuleError, NotAuthorisedError } from '../errors/domain.errors';
import {
  checkMeetingPeople,
  type BodyOnDate,
  type MeetingPeopleClaim,
} from '../governance/meeting-people.service';
import { calendarDayInWords } from '../governance/working-day-calendar.service';
import { refuseImpossibleDate } from './meeting-dates.service';
import type { ItemOutcomeKind } from './item-outcome.entity';
import type { NoticeRoutes } from './meeting-input.schema';
import type { MeetingRow } from './meetings.repository';

/** The refusals every meeting write shares: each throws, so that nothing is written. */

/** Officers record a meeting's business; returns the officer's person id. */
export function officerOnly(actor: Actor, what: string): string {
  if (actor.kind !== 'person' || !actor.person.isOfficer)
    throw new NotAuthorisedError(`${what} is recorded by a democratic services officer.`);
  return actor.person.id;
}

/** The dates of the lawful routes around a notice: each agreed or published by now. */
export function refuseImpossibleRoutes(
  r: NoticeRoutes | undefined,
  today: string,
  prefix = '',
): void {
  if (!r) return;
  refuseImpossibleDate(
    `${prefix}generalException.scrutinyChairToldInWritingOn`,
    'telling the scrutiny chair in writing',
    r.generalException?.scrutinyChairToldInWritingOn,
    today,
  );
  refuseImpossibleDate(
    `${prefix}generalException.noticePublishedOn`,
    'the general exception notice',
    r.generalException?.noticePublishedOn,
    today,
  );
  refuseImpossibleDate(
    `${prefix}specialUrgency.agreedOn`,
    'the special urgency agreement',
    r.specialUrgency?.agreedOn,
    today,
  );
  refuseImpossibleDate(
    `${prefix}privateUrgency.agreedOn`,
    'the agreement that the private item is urgent',
    r.privateUrgency?.agreedOn,
    today,
  );
}

/** No rules in force for the body on the meeting's day (none at all, or none yet that day). */
export function noRules(bodyName: string, meetingDate: string): GovernanceRuleError {
  return new GovernanceRuleError(
    'NO_QUORUM_RULE',
    `${bodyName} has no rules (quorum, decision, notices) in force on ${calendarDayInWords(meetingDate)} in the directory, so its meetings on that day cannot be recorded here: an administrator gives the body its rules from that day first.`,
    [
      `${bodyName} has no quorum rule in force on ${calendarDayInWords(meetingDate)} in the council’s directory`,
    ],
  );
}

/**
 * Refuses, writing nothing, a record naming anyone but the body's members and allowed substitutes.
 * With `entryPath`, a refusal of the attendance names the entry at fault as a problem (its path):
 * the first entry whose addition to those before it makes the attendance impossible for the same
 * rule.
 */
export function refuseUnlessBodysPeople(
  body: BodyOnDate,
  meeting: MeetingRow,
  claim: Omit<MeetingPeopleClaim, 'meetingDate'>,
  what: string,
  entryPath?: (entry: number) => string,
): void {
  const check = (c: Omit<MeetingPeopleClaim, 'meetingDate'>) =>
    checkMeetingPeople(body, { ...c, meetingDate: meeting.meetingDate });
  const v = check(claim);
  if (v.ok) return;
  const { attendance } = claim;
  const entry = entryPath
    ? attendance.findIndex((_, i) => {
        const r = check({ ...claim, attendance: attendance.slice(0, i + 1) });
        return !r.ok && r.code === v.code;
      })
    : -1;
  throw new GovernanceRuleError(
    v.code,
    `${what}: ${v.explanation.join('; ')}. Nothing was recorded.`,
    v.explanation,
    entry >= 0 && entryPath
      ? { problems: [{ path: entryPath(entry), message: v.explanation[0] }] }
      : {},
  );
}

/** An item's recorded outcome as the refusal says it: never its stored key ("referredBack"). */
const OUTCOME_IN_WORDS: Readonly<Record<ItemOutcomeKind, string>> = {
  consensus: 'agreed by consensus',
  deferred: 'deferred',
  referredBack: 'referred back to the parent bodies',
  carried: 'carried',
  lost: 'lost',
};

/** An item is decided once: reconsidering it is a new agenda item. */
export function refuseIfDecided(
  outcomes: { itemId: string; outcome: ItemOutcomeKind }[],
  item: { id: string; title: string },
): void {
  const done = outcomes.find((o) => o.itemId === item.id);
  if (done) {
    const outcome = OUTCOME_IN_WORDS[done.outcome] ?? 'decided';
    throw new GovernanceRuleError(
      'ITEM_ALREADY_DECIDED',
      `"${item.title}" was already ${outcome} at this meeting: add a new agenda item to reconsider it.`,
      [
        `the show of hands on "${item.title}" is already recorded: ${outcome}`,
        'to reconsider it, add a new agenda item and record its show of hands',
      ],
    );
  }
}
