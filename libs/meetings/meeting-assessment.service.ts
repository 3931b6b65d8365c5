import {
  eligibility,
  excludedFromQuorum,
  type Declaration,
  type Dispensation,
} from '../governance/interests.service';
import { checkNotices, type NoticeCheck } from '../governance/notices.service';
import { assessQuorum, type RollEntry } from '../governance/quorum.service';
import type { AgendaItemRow } from './agenda-items.repository';
import type { MeetingRecord, MeetingRules } from './meeting-record.service';

/**
 * A meeting's rules applied to what is recorded: for each item, who its declarations exclude, the
 * live quorum with its explanation, and the notice verdicts. Pure: no database, no clock.
 */

export interface ItemQuorum {
  quorate: boolean;
  explanation: string[];
  excludedPersonIds: string[];
  roll: RollEntry[];
  /** When the recorded attendance no longer fits the body's members (e.g. a membership ended). */
  refusal?: string;
}

export interface ItemAssessment {
  quorum: ItemQuorum;
  notices: NoticeCheck;
  declarations: (MeetingRecord['declarations'][number] & {
    mayDiscuss: boolean;
    mayVote: boolean;
    countsForQuorum: boolean;
    withdrawalRecorded: boolean;
    effect: string[];
  })[];
}

/** The declarations and dispensations of one item in the shapes the interest rules take. */
function interestsOf(record: MeetingRecord, itemId: string) {
  const mine = record.declarations.filter((d) => d.itemId === itemId);
  const declarations: Declaration[] = mine.map((d) => ({
    personId: d.personId,
    itemId,
    kind: d.kind,
    nature: d.details,
  }));
  const dispensations: Dispensation[] = mine.flatMap((d) =>
    d.dispensation
      ? [{ ...(d.dispensation as object), personId: d.personId, matters: [itemId] } as Dispensation]
      : [],
  );
  return { mine, declarations, dispensations };
}

/** The quorum for an item (or for business with no item, e.g. approving minutes). */
export function quorumFor(
  record: MeetingRecord,
  rules: MeetingRules,
  item: AgendaItemRow | null,
): ItemQuorum {
  let excluded: string[] = [];
  if (item) {
    const { declarations, dispensations } = interestsOf(record, item.id);
    excluded = excludedFromQuorum(
      record.attendance.map((a) => ({ personId: a.personId, name: a.name })),
      { id: item.id, title: item.title },
      declarations,
      dispensations,
      record.meeting.meetingDate,
      record.settings.interests,
    );
  }
  const q = assessQuorum(rules.quorum, record.members, record.attendance, excluded);
  if (!q.ok)
    return {
      quorate: false,
      explanation: [...q.explanation, 'not quorate: the attendance must be recorded again'],
      excludedPersonIds: excluded,
      roll: [],
      refusal: q.code,
    };
  return {
    quorate: q.quorate,
    explanation: q.explanation,
    excludedPersonIds: excluded,
    roll: q.roll,
  };
}

/**
 * Notice facts of an item: its report counts as published with the agenda unless it was published
 * on its own day; a Part 2 item's private notice is its own date. An item linked to a case whose
 * forward plan day the published plan tells (JCB version 6) carries that day, as the record reader
 * read it (linked-case-plan-days.service.ts), not the day typed on the item.
 */
export function noticesFor(
  record: MeetingRecord,
  item: AgendaItemRow,
  rules?: Pick<MeetingRules, 'notices'>,
): NoticeCheck {
  return checkNotices(
    {
      itemTitle: item.title,
      meetingOn: record.meeting.meetingDate,
      keyDecision: item.keyDecision,
      forwardPlanPublishedOn: item.forwardPlanPublishedOn,
      generalException: item.noticeRoutes?.generalException ?? null,
      specialUrgency: item.noticeRoutes?.specialUrgency ?? null,
      reportPublishedOn: item.reportPublishedOn ?? record.meeting.agendaPublishedOn,
      lateItemSpecialCircumstances: item.noticeRoutes?.lateItemSpecialCircumstances ?? null,
      privateItem: item.part2Reasons
        ? {
            noticePublishedOn: item.privateNoticePublishedOn,
            reasons: item.part2Reasons,
            urgency: item.noticeRoutes?.privateUrgency ?? null,
          }
        : null,
    },
    record.settings.calendar,
    rules?.notices,
  );
}

export function assessItem(
  record: MeetingRecord,
  rules: MeetingRules,
  item: AgendaItemRow,
): ItemAssessment {
  const { mine, declarations, dispensations } = interestsOf(record, item.id);
  return {
    quorum: quorumFor(record, rules, item),
    notices: noticesFor(record, item, rules),
    declarations: mine.map((d) => {
      const e = eligibility(
        { personId: d.personId, name: d.name },
        { id: item.id, title: item.title },
        declarations,
        dispensations,
        record.meeting.meetingDate,
        record.settings.interests,
      );
      return {
        ...d,
        mayDiscuss: e.mayDiscuss,
        mayVote: e.mayVote,
        countsForQuorum: e.countsForQuorum,
        withdrawalRecorded: e.withdrawalRecorded,
        mustLeaveRoom: e.mustLeaveRoom,
        effect: e.explanation,
      };
    }),
  };
}
