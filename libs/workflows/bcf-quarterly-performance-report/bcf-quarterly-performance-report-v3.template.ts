import { z } from 'zod';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { decidedAtAMeeting, fromMeetingMark } from '../decided-at-a-meeting.rule';
import type { MeetingEvents, MeetingOutcome, WorkflowTemplate } from '../workflow.template';
import {
  bcfQuarterlyReportV3Machine,
  type DecidingBody,
  type QuarterlyV3Context,
} from './bcf-quarterly-performance-report-v3.machine';
import {
  bcfQuarterlyPerformanceReportV2,
  PERIOD_WORDS,
} from './bcf-quarterly-performance-report-v2.template';

/**
 * Version 3 of the BCF performance report: version 2's steps, with the JCB's sign-off and the
 * HWBB's noting of the year-end report taken from their meetings' show of hands
 * (RECORD_JCB_DECISION and RECORD_HWBB_DECISION, sent by the meetings API with the meeting's
 * outcome: consensus, referred back or deferred; refused DECIDED_AT_A_MEETING when typed)
 * (bcf-quarterly-performance-report-v3.machine.ts).
 */

const v2 = bcfQuarterlyPerformanceReportV2;
const isoDate = calendarDate('use a calendar date such as 2026-08-20');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

/** Version 2's events but the typed decisions, which the meetings replace. */
const TYPED = ['RECORD_JCB_SIGN_OFF', 'RECORD_JCB_DEFERRAL', 'RECORD_HWBB_OUTCOME'];
const kept = Object.fromEntries(
  Object.entries(v2.events).filter(([type]) => !TYPED.includes(type)),
);

const decision = (description: string) => ({
  sendableBy: ['officer'],
  payload: decidedAtAMeeting(
    z
      .object({
        meetingDate: isoDate,
        minuteReference: text('minute reference'),
        outcome: z.enum(['consensus', 'referredBack', 'deferred'], {
          message: 'outcome must be consensus, referredBack or deferred',
        }),
        fromMeeting: fromMeetingMark,
      })
      .strict(),
  ),
  description,
});

const BODY: Record<DecidingBody, { name: string; event: string; states: string[] }> = {
  jcb: {
    name: 'the Joint Commissioning Board',
    event: 'RECORD_JCB_DECISION',
    states: ['open.beforeJcb.jcbSignOff', 'open.laterJcb'],
  },
  hwbb: {
    name: 'the Health and Wellbeing Board',
    event: 'RECORD_HWBB_DECISION',
    states: ['open.hwbb.awaiting', 'open.hwbb.deferred'],
  },
};

/** The show of hands of the body the case awaits, on the agenda item linked to the case. */
function meetingEvents(
  outcome: MeetingOutcome,
  current: { stateKey: string; context: unknown },
): MeetingEvents {
  const states = current.stateKey.split(';');
  const awaited = (Object.keys(BODY) as DecidingBody[]).find((b) =>
    BODY[b].states.some((s) => states.includes(s)),
  );
  if (!awaited)
    return {
      ok: false,
      code: 'CASE_NOT_AWAITING_A_MEETING',
      explanation: [
        'the JCB signs the report off once the finance and performance group has prepared it, and the HWBB notes the year-end report after the JCB',
        'this case is not waiting for a meeting’s decision',
      ],
    };
  if (outcome.body?.kind !== awaited)
    return {
      ok: false,
      code: 'CASE_AWAITING_ANOTHER_BODY',
      explanation: [
        `the case is waiting for ${BODY[awaited].name}’s decision at its meeting`,
        `this is a meeting of ${outcome.body?.name ?? 'another body'}: link the case to an item on ${BODY[awaited].name}’s agenda`,
      ],
    };
  return {
    ok: true,
    events: [
      {
        type: BODY[awaited].event,
        payload: {
          meetingDate: outcome.meetingDate,
          minuteReference: `"${outcome.item.title}", meeting of ${outcome.meetingDate}`,
          outcome: outcome.chairChoice?.outcome ?? 'consensus',
          fromMeeting: true,
        },
      },
    ],
  };
}

const OUTCOME_WORDS = { deferred: 'deferred', referredBack: 'referred back', consensus: '' };

export const bcfQuarterlyPerformanceReportV3: WorkflowTemplate = {
  ...v2,
  version: 3,
  title:
    'Better Care Fund performance report (signed off at the JCB’s meeting, the year-end noted at the HWBB’s)',
  machine: bcfQuarterlyReportV3Machine,
  events: {
    ...kept,
    RECORD_JCB_DECISION: decision(
      'The JCB’s outcome on the report from its meeting’s show of hands, sent by the meetings API: consensus signs it off (a quarter’s report then goes to NHS England, the year-end report to the HWBB), deferred or referred back waits for a later JCB meeting.',
    ),
    RECORD_HWBB_DECISION: decision(
      'The HWBB’s outcome on the year-end report from its meeting’s show of hands, sent by the meetings API: consensus notes it (then it goes to NHS England), deferred waits for a later HWBB meeting, referred back returns it to a later JCB meeting.',
    ),
  },
  meetingEvents,
  deadlineFor(message, context) {
    // A deferral or referral waits for a later meeting, not the JCB date: NHS England's date holds.
    if (message === 'jcb-deferred') return (context as QuarterlyV3Context).dates.submissionDate;
    return v2.deadlineFor(message, context);
  },
  describe(value, context) {
    const ctx = context as QuarterlyV3Context;
    const open = typeof value === 'object' ? (value as { open: unknown }).open : undefined;
    const hwbb = typeof open === 'object' ? (open as { hwbb?: string }).hwbb : undefined;
    if (open !== 'laterJcb' && hwbb === undefined) return v2.describe(value, context);
    const report = ctx.period
      ? `${PERIOD_WORDS[ctx.period.period]} ${ctx.period.financialYear} report`
      : 'The report';
    const late = ctx.overdue.submission ? ' (overdue: the NHS England submission date)' : '';
    const last = ctx.decisions.at(-1);
    if (hwbb === 'awaiting' || !last)
      return {
        summary: `${report}: signed off by the JCB: awaiting the HWBB’s show of hands noting the year-end report before NHS England${late}`,
        awaiting: ['officer'],
      };
    const by = last.body === 'hwbb' ? 'the HWBB' : 'the JCB';
    const next = hwbb === 'deferred' ? 'a later HWBB meeting' : 'a later JCB meeting';
    return {
      summary: `${report}: ${OUTCOME_WORDS[last.outcome]} by ${by} at its meeting of ${last.meetingDate}: awaiting ${next}’s show of hands${late}`,
      awaiting: ['officer'],
    };
  },
};
