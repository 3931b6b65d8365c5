import { z } from 'zod';
import type { RoleBinding } from '../../governance/authority.service';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { decidedAtAMeeting, fromMeetingMark } from '../decided-at-a-meeting.rule';
import type { WorkflowTemplate } from '../workflow.template';
import { minutesApprovalV3 } from './minutes-approval-v3.template';
import { minutesApprovalV4Machine } from './minutes-approval-v4.machine';

/**
 * Version 4 of minutes approval: version 3's steps, with the signer fixed once the meeting's
 * approval is recorded. The minutes are signed "by the person presiding" at the meeting that
 * approves them (LGA 1972 Sch 12 para 41(1)): the chair present, or the vice-chair in the chair's
 * place, on that meeting's day. Version 3 kept the signing role bound to the body's seat, so a later
 * change of chair or vice-chair handed the open request to the new holder, who did not preside, and
 * the one who did could no longer sign once out of the seat. Now the meeting's approval names the
 * person (`signerPersonId`, the seat's holder on the approving meeting's day, from the meetings
 * API) and the case binds the signing role to them (`namesRoles`, a `member` binding, as version 3
 * binds the member who presided): a seat's hand-over leaves that role alone, and the person signs
 * whatever seat they hold later (docs/adr/0036). The overdue minutes are escalated to the officer
 * and whoever signs (minutes-approval-v4.machine.ts).
 */

const v3 = minutesApprovalV3;
const isoDate = calendarDate('use a calendar date such as 2026-07-26');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

/** The chair's or vice-chair's role bound, from the approval on, to the person who held the seat that day. */
function signerFixed(
  payload: Record<string, unknown>,
  roles: Record<string, RoleBinding>,
): Record<string, RoleBinding> {
  const role = payload.signer;
  if (role !== 'chair' && role !== 'viceChair') return {};
  const seat = roles[role];
  if (seat?.kind !== 'seat' || typeof payload.signerPersonId !== 'string') return {};
  return { [role]: { kind: 'member', bodyId: seat.bodyId, personId: payload.signerPersonId } };
}

export const minutesApprovalV4: WorkflowTemplate = {
  ...v3,
  version: 4,
  title:
    'Minutes approved at the next meeting and signed by whoever presided there: the chair, the vice-chair or the member named',
  machine: minutesApprovalV4Machine,
  events: {
    ...v3.events,
    RECORD_APPROVAL: {
      ...v3.events.RECORD_APPROVAL,
      payload: decidedAtAMeeting(
        z
          .object({
            meetingDate: isoDate,
            minuteReference: text('minute reference'),
            amendments: z.array(text('amendment')).max(100).optional(),
            signer: z.enum(['chair', 'viceChair', 'presiding'], {
              message: 'signer must be chair, viceChair or presiding',
            }),
            signerPersonId: z
              .uuid('name the person who holds the seat on the meeting’s day')
              .optional(),
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
          })
          .refine((p) => p.signer === 'presiding' || p.signerPersonId, {
            message: 'name the person who held the seat on the meeting’s day, who signs',
            path: ['signerPersonId'],
          })
          .refine((p) => p.signer !== 'presiding' || !p.signerPersonId, {
            message: 'leave the person out: the member who presided is named from the meeting page',
            path: ['signerPersonId'],
          }),
      ),
      description:
        'The Board’s approval of the minutes as a correct record at its meeting, with the amendments it made and who signs (the person holding the seat that day, who signs whatever seat they hold later), sent by the meetings API when the meeting approves them.',
    },
  },
  namesRoles: {
    ...v3.namesRoles,
    RECORD_APPROVAL: signerFixed,
  },
  minutesEvents(approval, current) {
    const plan = v3.minutesEvents!(approval, current);
    if (!plan.ok) return plan;
    return {
      ok: true,
      events: plan.events.map((e) => {
        const signer = e.type === 'RECORD_APPROVAL' ? e.payload.signer : null;
        const personId =
          signer === 'chair'
            ? approval.chair?.personId
            : signer === 'viceChair'
              ? approval.viceChair?.personId
              : undefined;
        return personId ? { ...e, payload: { ...e.payload, signerPersonId: personId } } : e;
      }),
    };
  },
};
