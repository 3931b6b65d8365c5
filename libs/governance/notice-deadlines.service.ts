import { CouncilCalendar, describeDay } from './clear-days.service';
import {
  KEY_DECISION_NOTICE_CLEAR_DAYS,
  PRIVATE_NOTICE_CLEAR_DAYS,
  REPORT_CLEAR_DAYS,
  type BodyNoticePeriods,
} from './notices.service';

/**
 * "By when": the latest day each notice for an item can be published and still leave the clear
 * days its rule needs before the meeting (2012 Regulations reg 7 the report and agenda, reg 9 the
 * key decision notice, reg 5 the notice of a private item; a body's own longer periods), and the
 * last working day on or before it, when the office must actually publish. The clerk plans by it;
 * the verdicts (notices.service) judge what was done.
 */

export interface NoticeDeadline {
  /** What must be published, in words. */
  what: string;
  clearDays: number;
  /** The latest day that leaves the clear days. */
  latestDay: string;
  /** The last working day on or before it. */
  lastWorkingDay: string;
  /** "publish by Thu 26 Nov 2026", in words. */
  byWhen: string;
  explanation: string[];
}

export interface ItemNoticeDeadlines {
  report: NoticeDeadline;
  keyDecisionNotice: NoticeDeadline | null;
  privateNotice: NoticeDeadline | null;
}

function deadline(
  calendar: CouncilCalendar,
  what: string,
  meetingOn: string,
  statutory: number,
  own: number | undefined,
  source: string | undefined,
): NoticeDeadline {
  const clearDays = own !== undefined && own > statutory ? own : statutory;
  const d = calendar.latestPublicationDate(meetingOn, clearDays);
  return {
    what,
    clearDays,
    latestDay: d.date,
    lastWorkingDay: d.lastWorkingDay,
    byWhen: `publish ${what} by ${describeDay(d.lastWorkingDay)}`,
    explanation: [
      ...(clearDays !== statutory
        ? [`the body’s own rule asks for ${clearDays} clear days (${source ?? 'its rules'})`]
        : []),
      ...d.explanation,
    ],
  };
}

/** The agenda's and report's latest day, and for a key decision or private item their notices'. */
export function itemNoticeDeadlines(
  item: { meetingOn: string; keyDecision: boolean; privateItem: boolean },
  calendar: CouncilCalendar,
  body?: BodyNoticePeriods,
): ItemNoticeDeadlines {
  return {
    report: deadline(
      calendar,
      'the agenda and report',
      item.meetingOn,
      REPORT_CLEAR_DAYS,
      body?.reportClearDays,
      body?.source,
    ),
    keyDecisionNotice: item.keyDecision
      ? deadline(
          calendar,
          'the key decision notice (forward plan)',
          item.meetingOn,
          KEY_DECISION_NOTICE_CLEAR_DAYS,
          body?.keyDecisionNoticeClearDays,
          body?.source,
        )
      : null,
    privateNotice: item.privateItem
      ? deadline(
          calendar,
          'the notice of the private item',
          item.meetingOn,
          PRIVATE_NOTICE_CLEAR_DAYS,
          body?.privateNoticeClearDays,
          body?.source,
        )
      : null,
  };
}
