import { z } from 'zod';
import { calendarDate, calendarDayInWords } from '../../governance/working-day-calendar.service';
import { decidedAtAMeeting, fromMeetingMark } from '../decided-at-a-meeting.rule';
import type { WorkflowTemplate } from '../workflow.template';
import { minutesApprovalV2Machine, type MinutesV2Context } from './minutes-approval-v2.machine';
import { minutesApprovalV1 } from './minutes-approval.template';

/**
 * Version 2 of minutes approval: version 1's steps, with the Board's approval of the minutes taken
 * from its later meeting (RECORD_APPROVAL, sent by the meetings API when the meeting approves the
 * minutes of the meeting the case names; refused DECIDED_AT_A_MEETING when typed), and the
 * signature asked of the Board's chair, or of its vice-chair in the chair's place when the chair is
 * absent (minutes-approval-v2.machine.ts). The chair and the vice-chair are the body's seats in the
 * directory: the case names the body (roles.chair; roles.viceChair, the same body, may be left out)
 * and the date of the meeting whose minutes it is.
 */

const v1 = minutesApprovalV1;
const isoDate = calendarDate('use a calendar date such as 2026-07-26');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

const amendmentWords = (n: number) =>
  n === 0 ? 'as drafted' : `with ${n} amendment${n === 1 ? '' : 's'}`;

export const minutesApprovalV2: WorkflowTemplate = {
  ...v1,
  version: 2,
  title: 'Minutes approved at the next meeting and signed by the chair or the vice-chair',
  machine: minutesApprovalV2Machine,
  roles: {
    chair: {
      label: 'Chair of the Board, who signs the minutes',
      binding: 'seat',
      seat: 'chair',
    },
    viceChair: {
      label: 'Vice-chair of the Board, who signs in the chair’s absence',
      binding: 'seat',
      seat: 'vice_chair',
    },
    officer: v1.roles.officer,
  },
  dateFields: {
    meetingDate:
      'The meeting of the Board whose minutes are to be approved (the case is linked to its minutes)',
    nextMeetingDate: 'The next meeting, which approves them: the deadline',
  },
  events: {
    ...v1.events,
    RECORD_APPROVAL: {
      sendableBy: ['officer'],
      payload: decidedAtAMeeting(
        z
          .object({
            meetingDate: isoDate,
            minuteReference: text('minute reference'),
            amendments: z.array(text('amendment')).max(100).optional(),
            signer: z.enum(['chair', 'viceChair'], {
              message: 'signer must be chair or viceChair',
            }),
            inPlaceOf: text('chair in whose place the vice-chair signs').optional(),
            because: text('reason the chair does not sign').optional(),
            fromMeeting: fromMeetingMark,
          })
          .strict()
          .refine((p) => p.signer === 'chair' || (p.inPlaceOf && p.because), {
            message: 'say in whose place the vice-chair signs, and why the chair does not',
            path: ['inPlaceOf'],
          }),
      ),
      description:
        'The Board’s approval of the minutes as a correct record at its meeting, with the amendments it made and who signs, sent by the meetings API when the meeting approves them.',
    },
    SIGN: {
      ...v1.events.SIGN,
      sendableBy: ['chair', 'viceChair'],
      description:
        'Sign the minutes, as approved and amended, as a correct record (the chair, or the vice-chair in the chair’s absence).',
    },
    RETURN_FOR_CORRECTION: {
      ...v1.events.RETURN_FOR_CORRECTION,
      sendableBy: ['chair', 'viceChair'],
      description:
        'Return the minutes to the officer because they do not match the Board’s resolution (whoever was asked to sign).',
    },
  },
  requestMessages: ['signature-requested', 'signature-requested-in-place'],
  linkResponses: {
    chair: { approve: 'SIGN', reject: 'RETURN_FOR_CORRECTION' },
    viceChair: { approve: 'SIGN', reject: 'RETURN_FOR_CORRECTION' },
  },
  minutesEvents(approval, current) {
    if (current.stateKey !== 'open.awaitingApproval')
      return {
        ok: false,
        code: 'MINUTES_CASE_NOT_AWAITING_APPROVAL',
        explanation: [
          `the minutes are approved once, by a later meeting of the ${approval.bodyName}`,
          `this case is past the ${approval.bodyName}’s approval: a later correction is a new minute`,
        ],
        source: 'seed 002, HWBB agenda of 26 July 2017, item 6',
      };
    const { chair, viceChair } = approval;
    const signer = !chair
      ? null
      : chair.absent === null
        ? ({ signer: 'chair' } as const)
        : viceChair && viceChair.absent === null
          ? ({ signer: 'viceChair', inPlaceOf: chair.name, because: chair.absent } as const)
          : null;
    if (!signer)
      return {
        ok: false,
        code: 'NO_CHAIR_TO_SIGN_THE_MINUTES',
        explanation: [
          'the chair signs the minutes as a correct record, the vice-chair in the chair’s absence',
          !chair
            ? `the ${approval.bodyName} has no chair on ${calendarDayInWords(approval.meetingDate)} in the directory`
            : `${chair.absent}, and ${viceChair ? `the vice-chair, ${viceChair.name}, is absent too (${viceChair.absent})` : `the ${approval.bodyName} has no vice-chair on ${calendarDayInWords(approval.meetingDate)} in the directory`}`,
          `record the chair or the vice-chair among the ${approval.bodyName}’s members, or their return, before the meeting approves the minutes`,
        ],
        source:
          'seed 002, minutes of 28 June 2017, item 2; the vice-chair elected at the meeting of 26 July 2017, item 3',
      };
    return {
      ok: true,
      events: [
        {
          type: 'RECORD_APPROVAL',
          payload: {
            meetingDate: approval.meetingDate,
            minuteReference: `Minutes of the previous meeting, ${approval.meetingTitle}, ${approval.meetingDate}`,
            amendments: approval.amendments,
            ...signer,
            fromMeeting: true,
          },
        },
      ],
    };
  },
  requestDetails(request, context) {
    const ctx = context as MinutesV2Context;
    if (request !== 'signature-requested' && request !== 'signature-requested-in-place') return [];
    const r = ctx.resolution;
    return [
      ...(r
        ? [
            { label: 'Approved at the meeting of', value: r.meetingDate },
            { label: 'Minute', value: r.minuteReference },
            { label: 'Amendments', value: r.amendments.join('; ') || 'none: approved as drafted' },
          ]
        : []),
      ...(ctx.signer?.inPlaceOf
        ? [
            { label: 'You sign in the place of', value: `${ctx.signer.inPlaceOf}, the chair` },
            { label: 'Why the chair does not sign', value: ctx.signer.because ?? '' },
          ]
        : []),
    ];
  },
  describe(value, context) {
    const ctx = context as MinutesV2Context;
    const said = v1.describe(value, context);
    const step = value === 'signed' ? 'signed' : (value as { open: string }).open;
    const inPlace = ctx.signer?.role === 'viceChair';
    const n = ctx.resolution?.amendments.length ?? 0;
    const late = ctx.overdue?.meeting ? ' (overdue: the meeting has passed)' : '';
    if (step === 'signed' && ctx.signature?.by === 'viceChair')
      return {
        summary: `Signed by the vice-chair in the place of the chair (${ctx.signature.inPlaceOf ?? ''}) as a correct record, ${amendmentWords(n)}`,
        awaiting: [],
      };
    if (step === 'awaitingSignature' && inPlace)
      return {
        summary: `Approved at the meeting as a correct record ${amendmentWords(n)}: awaiting the vice-chair’s signature in the place of the chair (${ctx.signer?.because ?? ''})${late}`,
        awaiting: ['viceChair'],
      };
    if (step === 'correcting' && inPlace)
      return {
        summary: said.summary.replace('by the chair', 'by the vice-chair'),
        awaiting: said.awaiting,
      };
    if (step === 'awaitingApproval')
      return {
        summary: `${said.summary.replace(/ at its meeting on [^ ]+/, ` at its meeting on ${ctx.dates.nextMeetingDate}, recorded at that meeting`)}`,
        awaiting: said.awaiting,
      };
    return said;
  },
};
