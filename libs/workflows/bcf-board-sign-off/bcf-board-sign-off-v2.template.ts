import { z } from 'zod';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { decidedAtAMeeting, fromMeetingMark } from '../decided-at-a-meeting.rule';
import type { WorkflowTemplate } from '../workflow.template';
import { bcfBoardSignOffV2Machine, type BoardV2Context } from './bcf-board-sign-off-v2.machine';
import type { Approver } from './bcf-board-sign-off.machine';
import { bcfBoardSignOffV1 } from './bcf-board-sign-off.template';

/**
 * Version 2 of the Better Care Fund plan signed off by the full board: version 1's steps, with the
 * HWBB's approval taken from its meeting's show of hands (RECORD_HWBB_DECISION, sent by the
 * meetings API with the meeting's outcome: consensus, referred back or deferred; refused
 * DECIDED_AT_A_MEETING when typed) and the NHS partner as it is since 1 July 2022, the Integrated
 * Care Board's Chief Executive, its Accountable Officer (bcf-board-sign-off-v2.machine.ts).
 */

const v1 = bcfBoardSignOffV1;
const isoDate = calendarDate('use a calendar date such as 2026-03-31');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

const APPROVER_WORDS: Record<Approver, string> = {
  hwbb: 'the HWBB (its meeting’s show of hands)',
  localAuthority: 'the council’s Chief Executive',
  ccg: 'the Integrated Care Board’s Chief Executive',
};
const APPROVER_ROLE: Record<Approver, string> = {
  hwbb: 'officer',
  localAuthority: 'chiefExecutive',
  ccg: 'accountableOfficer',
};
const HWBB_STATES = [
  'preSubmission.approval.hwbb.awaiting',
  'preSubmission.approval.hwbb.deferred',
];

/** Version 1's events but the HWBB's typed approval and rejection, which the meeting replaces. */
const TYPED = ['RECORD_HWBB_APPROVAL', 'RECORD_HWBB_REJECTION'];
const kept = Object.fromEntries(
  Object.entries(v1.events).filter(([type]) => !TYPED.includes(type)),
);

export const bcfBoardSignOffV2: WorkflowTemplate = {
  ...v1,
  version: 2,
  title: 'Better Care Fund plan, full board sign-off (Integrated Care Board)',
  machine: bcfBoardSignOffV2Machine,
  roles: {
    ...v1.roles,
    chiefExecutive: { label: 'Chief Executive of the council', binding: 'office' },
    accountableOfficer: {
      label: 'Chief Executive of the Integrated Care Board (its Accountable Officer)',
      binding: 'office',
    },
  },
  dateFields: {
    nationalDeadline: 'National deadline for submitting the plan',
    expectedAssuranceDate: 'When the assurance outcome is expected',
  },
  events: {
    ...kept,
    RECORD_HWBB_DECISION: {
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
      description:
        'The HWBB’s outcome on the plan from its meeting’s show of hands, sent by the meetings API: consensus approves, referred back returns the plan for revision, deferred waits for a later meeting.',
    },
    APPROVE: {
      ...v1.events.APPROVE,
      description:
        'Approve the plan for the council (its Chief Executive) or the Integrated Care Board (its Chief Executive).',
    },
  },
  /**
   * The HWBB's show of hands on the agenda item linked to the case, as the meeting recorded it
   * (quorum, notices and hands checked there): consensus, or the chair's choice to refer the plan
   * back or defer it. Only while the case awaits the Board.
   */
  meetingEvents(outcome, current) {
    const states = current.stateKey.split(';');
    if (!HWBB_STATES.some((s) => states.includes(s)))
      return {
        ok: false,
        code: 'CASE_NOT_AWAITING_THE_BOARD',
        explanation: [
          'the Board approves the final plan once its arrangements are recorded and approval is sought',
          'this case is not waiting for the Board’s approval',
        ],
      };
    return {
      ok: true,
      events: [
        {
          type: 'RECORD_HWBB_DECISION',
          payload: {
            meetingDate: outcome.meetingDate,
            minuteReference: `"${outcome.item.title}", meeting of ${outcome.meetingDate}`,
            outcome: outcome.chairChoice?.outcome ?? 'consensus',
            fromMeeting: true,
          },
        },
      ],
    };
  },
  describe(value, context) {
    const ctx = context as BoardV2Context;
    const v = value as Record<string, unknown> | string;
    const sub = typeof v === 'object' ? v.preSubmission : undefined;
    if (sub === undefined || sub === 'consideration') return v1.describe(value, context);
    const late = ctx.overdue?.submission ? ' (overdue: the national deadline has passed)' : '';
    const by = ctx.dates.nationalDeadline;
    if (sub === 'revising' && ctx.lastRejection) {
      const who =
        ctx.lastRejection.by === 'hwbb' ? 'the HWBB' : APPROVER_WORDS[ctx.lastRejection.by];
      return {
        summary: `Revising the plan (not approved by ${who}: ${ctx.lastRejection.reasons}): the officer seeks approval again${late}`,
        awaiting: ['officer'],
      };
    }
    if (sub === 'revising') return v1.describe(value, context);
    if (sub === 'readyToSubmit')
      return {
        summary: `Approved by the HWBB, the council’s Chief Executive and the Integrated Care Board’s Chief Executive: awaiting submission by ${by}${late}`,
        awaiting: ['officer'],
      };
    const approval = (sub as { approval: Record<Approver, string> }).approval;
    const waiting = (Object.keys(APPROVER_WORDS) as Approver[]).filter(
      (a) => approval[a] !== 'approved',
    );
    const last = ctx.hwbbDecisions[ctx.hwbbDecisions.length - 1];
    const words = (a: Approver) =>
      a === 'hwbb' && approval.hwbb === 'deferred'
        ? `the HWBB (deferred at its meeting of ${last.meetingDate}: a later meeting’s show of hands)`
        : APPROVER_WORDS[a];
    return {
      summary: `Awaiting approval by ${waiting.map(words).join(', ')} before submission by ${by}${late}`,
      awaiting: [...new Set(waiting.map((a) => APPROVER_ROLE[a]))],
    };
  },
};
