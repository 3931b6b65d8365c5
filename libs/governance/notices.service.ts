import { z } from 'zod';
import { CouncilCalendar, describeDay } from './clear-days.service';
import { calendarDate } from './working-day-calendar.service';

/**
 * Whether the notices an item needs were given in time. Sources: the Local Authorities (Executive
 * Arrangements)(Meetings and Access to Information)(England) Regulations 2012 (reg 5 private
 * meetings, reg 7 reports, reg 9 key decision notice, reg 10 general exception, reg 11 special
 * urgency), the Local Government Act 1972 s100B(4) (late items), and the JCB terms of reference
 * 6.8-6.10 (seed 002). Clear days are counted by the council's calendar (clear-days.service).
 */

export const KEY_DECISION_NOTICE_CLEAR_DAYS = 28; // reg 9
export const GENERAL_EXCEPTION_CLEAR_DAYS = 5; // reg 10(2)(c)
export const REPORT_CLEAR_DAYS = 5; // reg 7; JCB ToR 6.8
export const PRIVATE_NOTICE_CLEAR_DAYS = 28; // reg 5(2); JCB ToR 6.10

/**
 * The agreement that a matter is urgent and cannot reasonably be deferred, in the statutory order:
 * the chair of the scrutiny committee; if there is none or they are unable to act, the chair of
 * the council; if neither, the vice-chair (regs 5(6) and 11). Each later step says why the
 * earlier ones could not agree.
 */
export type UrgencyAgreement =
  | { agreedBy: 'scrutinyChair'; name: string; agreedOn: string }
  | { agreedBy: 'councilChair'; name: string; agreedOn: string; scrutinyChairUnavailable: string }
  | {
      agreedBy: 'viceChair';
      name: string;
      agreedOn: string;
      scrutinyChairUnavailable: string;
      councilChairUnavailable: string;
    };

const agreementDate = calendarDate('use a calendar date such as 2025-09-01');
const agreementText = (what: string) => z.string().trim().min(1, `give ${what}`).max(500);

/** An urgency agreement as recorded: by the scrutiny chair, else the council chair, else the vice-chair (reg 11). */
export const urgencyAgreementSchema = z.discriminatedUnion(
  'agreedBy',
  [
    z
      .object({
        agreedBy: z.literal('scrutinyChair'),
        name: agreementText('name'),
        agreedOn: agreementDate,
      })
      .strict(),
    z
      .object({
        agreedBy: z.literal('councilChair'),
        name: agreementText('name'),
        agreedOn: agreementDate,
        scrutinyChairUnavailable: agreementText('why the scrutiny chair could not agree'),
      })
      .strict(),
    z
      .object({
        agreedBy: z.literal('viceChair'),
        name: agreementText('name'),
        agreedOn: agreementDate,
        scrutinyChairUnavailable: agreementText('why the scrutiny chair could not agree'),
        councilChairUnavailable: agreementText('why the council chair could not agree'),
      })
      .strict(),
  ],
  { message: 'agreedBy is scrutinyChair, councilChair or viceChair' },
);

/** The general exception (reg 10): the scrutiny chair told in writing and a notice published. */
export const generalExceptionSchema = z
  .object({ scrutinyChairToldInWritingOn: agreementDate, noticePublishedOn: agreementDate })
  .strict();

export interface ItemNoticeFacts {
  itemTitle: string;
  /** The meeting (the decision date for a Board item). */
  meetingOn: string;
  keyDecision: boolean;
  forwardPlanPublishedOn: string | null;
  generalException: { scrutinyChairToldInWritingOn: string; noticePublishedOn: string } | null;
  specialUrgency: UrgencyAgreement | null;
  reportPublishedOn: string | null;
  /** The chair's reasons, recorded in the minutes, for taking a late report. */
  lateItemSpecialCircumstances: string | null;
  privateItem: {
    noticePublishedOn: string | null;
    /** The reasons for excluding the public, given with the notice. */
    reasons: string | null;
    urgency: UrgencyAgreement | null;
  } | null;
}

export type NoticeRule = 'keyDecisionNotice' | 'reportPublication' | 'privateItemNotice';

export type NoticeCode =
  | 'NOT_A_KEY_DECISION'
  | 'KEY_DECISION_ON_FORWARD_PLAN'
  | 'KEY_DECISION_GENERAL_EXCEPTION'
  | 'KEY_DECISION_SPECIAL_URGENCY'
  | 'KEY_DECISION_NOTICE_NOT_MET'
  | 'REPORT_ON_TIME'
  | 'REPORT_LATE_ITEM_ACCEPTED'
  | 'REPORT_LATE'
  | 'REPORT_NOT_PUBLISHED'
  | 'PUBLIC_ITEM'
  | 'PRIVATE_NOTICE_GIVEN'
  | 'PRIVATE_URGENCY_AGREED'
  | 'PRIVATE_NOTICE_NOT_MET';

export interface NoticeVerdict {
  rule: NoticeRule;
  met: boolean;
  code: NoticeCode;
  explanation: string[];
}

export interface NoticeCheck {
  ok: boolean;
  verdicts: NoticeVerdict[];
  /** The codes of the verdicts not met. */
  failures: NoticeCode[];
}

/**
 * A body's own notice periods (its stored rules, body-rules.schema.ts): never less than the
 * statutory ones, and quoted with their source when they ask for more.
 */
export interface BodyNoticePeriods {
  reportClearDays: number;
  keyDecisionNoticeClearDays: number;
  privateNoticeClearDays: number;
  source: string;
}

export function checkNotices(
  facts: ItemNoticeFacts,
  calendar: CouncilCalendar,
  body?: BodyNoticePeriods,
): NoticeCheck {
  const verdicts = [
    keyDecisionNotice(facts, calendar, body),
    reportPublication(facts, calendar, body),
    privateItemNotice(facts, calendar, body),
  ];
  const failures = verdicts.filter((v) => !v.met).map((v) => v.code);
  return { ok: failures.length === 0, verdicts, failures };
}

/** The days a notice needs: the statute's, or the body's own when it asks for more, with its line. */
function periodOf(
  statutory: number,
  own: number | undefined,
  source: string | undefined,
): { days: number; line: string[] } {
  return own !== undefined && own > statutory
    ? { days: own, line: [`the body’s own rule asks for ${own} clear days (${source})`] }
    : { days: statutory, line: [] };
}

/** "N clear days before Thu 4 Sep 2025 (at least M needed): met", with the counting lines. */
function clearDaysLines(
  calendar: CouncilCalendar,
  what: string,
  publishedOn: string,
  meetingOn: string,
  needed: number,
): { met: boolean; lines: string[] } {
  const { count, explanation } = calendar.clearDaysBetween(publishedOn, meetingOn);
  const met = count >= needed;
  return {
    met,
    lines: [
      `${what} ${describeDay(publishedOn)}: ${count} clear days before ${describeDay(meetingOn)}, at least ${needed} needed: ${met ? 'met' : 'not met'}`,
      ...explanation.map((l) => `  ${l}`),
    ],
  };
}

/** Checks an urgency agreement's place in the statutory order. */
export function checkUrgencyAgreement(
  u: UrgencyAgreement,
  meetingOn: string,
): { valid: boolean; lines: string[] } {
  const lines: string[] = [];
  let valid = u.name.trim().length > 0;
  switch (u.agreedBy) {
    case 'scrutinyChair':
      lines.push(`${u.name}, chair of the scrutiny committee, agreed the matter is urgent`);
      break;
    case 'councilChair':
      valid &&= u.scrutinyChairUnavailable.trim().length > 0;
      lines.push(
        `${u.name}, chair of the council, agreed the matter is urgent; the scrutiny chair could not: ${u.scrutinyChairUnavailable.trim() || '(no reason recorded)'}`,
      );
      break;
    case 'viceChair':
      valid &&=
        u.scrutinyChairUnavailable.trim().length > 0 && u.councilChairUnavailable.trim().length > 0;
      lines.push(
        `${u.name}, vice-chair of the council, agreed the matter is urgent; the scrutiny chair could not: ${u.scrutinyChairUnavailable.trim() || '(no reason recorded)'}; the council chair could not: ${u.councilChairUnavailable.trim() || '(no reason recorded)'}`,
      );
      break;
  }
  if (u.agreedOn > meetingOn) {
    valid = false;
    lines.push(
      `the agreement is dated ${describeDay(u.agreedOn)}, after the meeting on ${describeDay(meetingOn)}: it must come first`,
    );
  }
  if (!valid)
    lines.push(
      'not a valid urgency agreement: it needs the scrutiny chair, else the council chair, else the vice-chair, each later one saying why the earlier could not, before the meeting',
    );
  return { valid, lines };
}

export function keyDecisionNotice(
  f: ItemNoticeFacts,
  calendar: CouncilCalendar,
  body?: BodyNoticePeriods,
): NoticeVerdict {
  const rule = 'keyDecisionNotice';
  const period = periodOf(
    KEY_DECISION_NOTICE_CLEAR_DAYS,
    body?.keyDecisionNoticeClearDays,
    body?.source,
  );
  if (!f.keyDecision)
    return {
      rule,
      met: true,
      code: 'NOT_A_KEY_DECISION',
      explanation: [`"${f.itemTitle}" is not a key decision: no forward plan notice needed`],
    };
  const explanation = [
    `"${f.itemTitle}" is a key decision: notice at least ${KEY_DECISION_NOTICE_CLEAR_DAYS} clear days before it (2012 Regulations reg 9), or the general exception (reg 10), or special urgency (reg 11)`,
    ...period.line,
  ];
  if (f.forwardPlanPublishedOn) {
    const c = clearDaysLines(
      calendar,
      'forward plan notice published',
      f.forwardPlanPublishedOn,
      f.meetingOn,
      period.days,
    );
    explanation.push(...c.lines);
    if (c.met) return { rule, met: true, code: 'KEY_DECISION_ON_FORWARD_PLAN', explanation };
  } else explanation.push('no forward plan notice was published');

  if (f.generalException) {
    const g = f.generalException;
    explanation.push(
      `general exception: the scrutiny chair was told in writing on ${describeDay(g.scrutinyChairToldInWritingOn)}; the notice was published ${describeDay(g.noticePublishedOn)}`,
    );
    const later =
      g.scrutinyChairToldInWritingOn > g.noticePublishedOn
        ? g.scrutinyChairToldInWritingOn
        : g.noticePublishedOn;
    const c = clearDaysLines(
      calendar,
      'the later of the two was',
      later,
      f.meetingOn,
      GENERAL_EXCEPTION_CLEAR_DAYS,
    );
    explanation.push(...c.lines);
    if (c.met) return { rule, met: true, code: 'KEY_DECISION_GENERAL_EXCEPTION', explanation };
  } else explanation.push('no general exception notice');

  if (f.specialUrgency) {
    const u = checkUrgencyAgreement(f.specialUrgency, f.meetingOn);
    explanation.push('special urgency:', ...u.lines.map((l) => `  ${l}`));
    if (u.valid) return { rule, met: true, code: 'KEY_DECISION_SPECIAL_URGENCY', explanation };
  } else explanation.push('no special urgency agreement');

  explanation.push(
    'the key decision notice rule is not met: the decision cannot be taken at this meeting',
  );
  return { rule, met: false, code: 'KEY_DECISION_NOTICE_NOT_MET', explanation };
}

function reportPublication(
  f: ItemNoticeFacts,
  calendar: CouncilCalendar,
  body?: BodyNoticePeriods,
): NoticeVerdict {
  const rule = 'reportPublication';
  const period = periodOf(REPORT_CLEAR_DAYS, body?.reportClearDays, body?.source);
  const explanation = [
    `the report must be published at least ${REPORT_CLEAR_DAYS} clear days before the meeting (2012 Regulations reg 7; JCB ToR 6.8), or taken as a late item for special circumstances the chair records`,
    ...period.line,
  ];
  const late = f.lateItemSpecialCircumstances?.trim() ?? '';
  const lateLine = `late item: the chair recorded the special circumstances: "${late}"`;
  if (!f.reportPublishedOn) {
    if (late) {
      explanation.push('the report was not published in advance', lateLine);
      return { rule, met: true, code: 'REPORT_LATE_ITEM_ACCEPTED', explanation };
    }
    explanation.push(
      'the report has not been published and no special circumstances are recorded: not met',
    );
    return { rule, met: false, code: 'REPORT_NOT_PUBLISHED', explanation };
  }
  const c = clearDaysLines(
    calendar,
    'report published',
    f.reportPublishedOn,
    f.meetingOn,
    period.days,
  );
  explanation.push(...c.lines);
  if (c.met) return { rule, met: true, code: 'REPORT_ON_TIME', explanation };
  if (late) {
    explanation.push(lateLine);
    return { rule, met: true, code: 'REPORT_LATE_ITEM_ACCEPTED', explanation };
  }
  explanation.push('no special circumstances recorded by the chair: the report is late');
  return { rule, met: false, code: 'REPORT_LATE', explanation };
}

function privateItemNotice(
  f: ItemNoticeFacts,
  calendar: CouncilCalendar,
  body?: BodyNoticePeriods,
): NoticeVerdict {
  const rule = 'privateItemNotice';
  const period = periodOf(PRIVATE_NOTICE_CLEAR_DAYS, body?.privateNoticeClearDays, body?.source);
  const p = f.privateItem;
  if (!p)
    return {
      rule,
      met: true,
      code: 'PUBLIC_ITEM',
      explanation: [`"${f.itemTitle}" is taken in public: no private meeting notice needed`],
    };
  const explanation = [
    `"${f.itemTitle}" is a private (Part 2) item: notice of at least ${PRIVATE_NOTICE_CLEAR_DAYS} clear days with the reasons for excluding the public (2012 Regulations reg 5; JCB ToR 6.10), or the urgency agreement (reg 5(6))`,
    ...period.line,
  ];
  const reasons = p.reasons?.trim() ?? '';
  if (p.noticePublishedOn) {
    const c = clearDaysLines(
      calendar,
      'private meeting notice published',
      p.noticePublishedOn,
      f.meetingOn,
      period.days,
    );
    explanation.push(...c.lines);
    explanation.push(
      reasons
        ? `reasons for excluding the public: "${reasons}"`
        : 'the notice gives no reasons for excluding the public: not met',
    );
    if (c.met && reasons) return { rule, met: true, code: 'PRIVATE_NOTICE_GIVEN', explanation };
  } else explanation.push('no private meeting notice was published');
  if (p.urgency) {
    const u = checkUrgencyAgreement(p.urgency, f.meetingOn);
    explanation.push('urgency:', ...u.lines.map((l) => `  ${l}`));
    if (u.valid) return { rule, met: true, code: 'PRIVATE_URGENCY_AGREED', explanation };
  } else explanation.push('no urgency agreement');
  explanation.push(
    'the private item notice rule is not met: the item cannot be taken in private at this meeting',
  );
  return { rule, met: false, code: 'PRIVATE_NOTICE_NOT_MET', explanation };
}
