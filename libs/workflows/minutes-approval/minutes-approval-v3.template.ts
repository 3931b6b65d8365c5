import { z } from 'zod';
import type { RoleBinding } from '../../governance/authority.service';
import { describeDay } from '../../governance/clear-days.service';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { decidedAtAMeeting, fromMeetingMark } from '../decided-at-a-meeting.rule';
import type { MinutesApprovalFacts, WorkflowTemplate } from '../workflow.template';
import { minutesApprovalV2 } from './minutes-approval-v2.template';
import { minutesApprovalV3Machine, type MinutesV3Context } from './minutes-approval-v3.machine';

/**
 * Version 3 of minutes approval: version 2's steps, and when neither the chair nor the vice-chair
 * can sign (both absent, by the meeting's attendance first, then the directory; or no chair on the
 * day), the meeting's approval is still recorded, and the minutes are signed "by the person
 * presiding" (LGA 1972 Sch 12 para 41(1)): the case waits for the officer to name, on the meeting
 * page, the member who presided, a member recorded present at the meeting (the meetings API checks
 * it and sends NAME_PRESIDING_MEMBER, which binds the case's `presiding` role to them); that member
 * is asked to sign by email link (minutes-approval-v3.machine.ts).
 */

const v2 = minutesApprovalV2;
const isoDate = calendarDate('use a calendar date such as 2026-07-26');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

const amendmentWords = (n: number) =>
  n === 0 ? 'as drafted' : `with ${n} amendment${n === 1 ? '' : 's'}`;

/** Why neither the chair nor the vice-chair signs, in words, from the meeting's facts. */
function neitherSigns(a: MinutesApprovalFacts): string {
  const day = describeDay(a.meetingDate);
  const chair = a.chair ? a.chair.absent : `the ${a.bodyName} had no chair on ${day}`;
  const vice = !a.viceChair
    ? `it had no vice-chair on ${day}`
    : a.viceChair.absent
      ? a.viceChair.absent
      : null;
  return [chair, vice].filter(Boolean).join('; ');
}

export const minutesApprovalV3: WorkflowTemplate = {
  ...v2,
  version: 3,
  title:
    'Minutes approved at the next meeting and signed by the chair, the vice-chair or the member who presided',
  machine: minutesApprovalV3Machine,
  roles: {
    ...v2.roles,
    presiding: {
      label: 'Member who presided at the meeting that approved the minutes, who signs them',
      binding: 'member',
    },
  },
  events: {
    ...v2.events,
    RECORD_APPROVAL: {
      ...v2.events.RECORD_APPROVAL,
      payload: decidedAtAMeeting(
        z
          .object({
            meetingDate: isoDate,
            minuteReference: text('minute reference'),
            amendments: z.array(text('amendment')).max(100).optional(),
            signer: z.enum(['chair', 'viceChair', 'presiding'], {
              message: 'signer must be chair, viceChair or presiding',
            }),
            inPlaceOf: text('chair in whose place the vice-chair signs').optional(),
            because: text('reason the chair does not sign').optional(),
            fromMeeting: fromMeetingMark,
          })
          .strict()
          .refine((p) => p.signer !== 'viceChair' || (p.inPlaceOf && p.because), {
            message: 'say in whose place the vice-chair signs, and why the chair does not',
            path: ['inPlaceOf'],
          })
          .refine((p) => p.signer !== 'presiding' || p.because, {
            message: 'say why neither the chair nor the vice-chair signs',
            path: ['because'],
          }),
      ),
    },
    NAME_PRESIDING_MEMBER: {
      sendableBy: ['officer'],
      payload: decidedAtAMeeting(
        z
          .object({
            personId: z.uuid('choose the member who presided'),
            name: text('name of the member who presided'),
            fromMeeting: fromMeetingMark,
          })
          .strict(),
      ),
      description:
        'The member who presided at the meeting that approved the minutes, who signs them: chosen on the meeting page among the members recorded present, sent by the meetings API.',
    },
    SIGN: {
      ...v2.events.SIGN,
      sendableBy: ['chair', 'viceChair', 'presiding'],
      description:
        'Sign the minutes, as approved and amended, as a correct record (the chair; the vice-chair in the chair’s absence; else the member who presided).',
    },
    RETURN_FOR_CORRECTION: {
      ...v2.events.RETURN_FOR_CORRECTION,
      sendableBy: ['chair', 'viceChair', 'presiding'],
    },
  },
  requestMessages: [...v2.requestMessages, 'signature-requested-presiding'],
  linkResponses: {
    ...v2.linkResponses,
    presiding: { approve: 'SIGN', reject: 'RETURN_FOR_CORRECTION' },
  },
  namesRoles: {
    // The member who presided, of the body whose chair's seat the case names.
    NAME_PRESIDING_MEMBER: (payload, roles): Record<string, RoleBinding> =>
      roles.chair?.kind === 'seat'
        ? {
            presiding: {
              kind: 'member',
              bodyId: roles.chair.bodyId,
              personId: String(payload.personId),
            },
          }
        : {},
  },
  minutesEvents(approval, current) {
    const plan = v2.minutesEvents!(approval, current);
    if (plan.ok || plan.code !== 'NO_CHAIR_TO_SIGN_THE_MINUTES') return plan;
    return {
      ok: true,
      events: [
        {
          type: 'RECORD_APPROVAL',
          payload: {
            meetingDate: approval.meetingDate,
            minuteReference: `Minutes of the previous meeting, ${approval.meetingTitle}, ${approval.meetingDate}`,
            amendments: approval.amendments,
            signer: 'presiding',
            ...(approval.chair ? { inPlaceOf: approval.chair.name } : {}),
            because: neitherSigns(approval),
            fromMeeting: true,
          },
        },
      ],
    };
  },
  requestDetails(request, context) {
    const ctx = context as MinutesV3Context;
    if (request !== 'signature-requested-presiding') return v2.requestDetails!(request, context);
    const r = ctx.resolution;
    return [
      ...(r
        ? [
            { label: 'Approved at the meeting of', value: r.meetingDate },
            { label: 'Minute', value: r.minuteReference },
            { label: 'Amendments', value: r.amendments.join('; ') || 'none: approved as drafted' },
          ]
        : []),
      { label: 'You sign as', value: 'the member who presided at the meeting' },
      { label: 'Why neither the chair nor the vice-chair signs', value: ctx.signer?.because ?? '' },
    ];
  },
  describe(value, context) {
    const ctx = context as MinutesV3Context;
    const step = value === 'signed' ? 'signed' : (value as { open: string }).open;
    const n = ctx.resolution?.amendments.length ?? 0;
    const late = ctx.overdue?.meeting ? ' (overdue: the meeting has passed)' : '';
    const name = ctx.signer?.name ?? '';
    if (step === 'awaitingPresidingMember')
      return {
        summary: `Approved at the meeting as a correct record ${amendmentWords(n)}: neither the chair nor the vice-chair can sign (${ctx.signer?.because ?? ''}); awaiting the officer to name the member who presided${late}`,
        awaiting: ['officer'],
      };
    if (ctx.signer?.role !== 'presiding') return v2.describe(value, context);
    if (step === 'signed')
      return {
        summary: `Signed by ${ctx.signature?.name ?? name}, who presided at the meeting, as a correct record, ${amendmentWords(n)}`,
        awaiting: [],
      };
    if (step === 'awaitingSignature')
      return {
        summary: `Approved at the meeting as a correct record ${amendmentWords(n)}: awaiting the signature of ${name}, who presided${late}`,
        awaiting: ['presiding'],
      };
    const said = v2.describe(value, context);
    return { summary: said.summary.replace('by the chair', `by ${name}`), awaiting: said.awaiting };
  },
};
