import { z } from 'zod';
import type { WorkflowTemplate } from '../workflow.template';
import { minutesApprovalMachine, type MinutesContext } from './minutes-approval.machine';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { minutesApprovalEmails } from './minutes-approval.emails';
import { minutesApprovalRoleWords } from './minutes-approval.role-words';

const isoDate = calendarDate('use a calendar date such as 2017-07-26');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);

const amendmentWords = (n: number) =>
  n === 0 ? 'as drafted' : `with ${n} amendment${n === 1 ? '' : 's'}`;

export const minutesApprovalV1: WorkflowTemplate = {
  id: 'minutes-approval',
  version: 1,
  title: 'Minutes approved and signed as a correct record',
  machine: minutesApprovalMachine,
  roles: {
    chair: { label: 'Chair of the Board, who signs the minutes', binding: 'office' },
    officer: { label: 'Democratic support officer', binding: 'officers' },
  },
  dateFields: {
    meetingDate: 'The meeting whose minutes are to be approved (28 June 2017 in the seed)',
    nextMeetingDate:
      'The next meeting, which approves them: the deadline (26 July 2017 in the seed)',
  },
  dates: (today) =>
    z
      .object({
        meetingDate: isoDate,
        nextMeetingDate: isoDate.refine(
          (d) => d >= today,
          'the next meeting must not be in the past',
        ),
      })
      .strict()
      .refine((d) => d.nextMeetingDate > d.meetingDate, {
        message: 'the next meeting must come after the meeting whose minutes are approved',
        path: ['nextMeetingDate'],
      }),
  events: {
    RECORD_APPROVAL: {
      sendableBy: ['officer'],
      payload: z
        .object({
          meetingDate: isoDate,
          minuteReference: text('minute reference'),
          amendments: z.array(text('amendment')).max(50).optional(),
        })
        .strict(),
      description:
        'Record the Board’s resolution approving the minutes as a correct record, listing any amendments.',
    },
    DEFER: {
      sendableBy: ['officer'],
      payload: z
        .object({
          meetingDate: isoDate,
          reasons: text('reasons'),
          nextMeetingDate: isoDate,
        })
        .strict(),
      description:
        'Record that the meeting did not take the minutes; they go to the next meeting, which becomes the deadline.',
    },
    SIGN: {
      sendableBy: ['chair'],
      payload: z.object({ comments: text('comments').optional() }).strict(),
      description: 'Sign the minutes, as approved and amended, as a correct record (the chair).',
    },
    RETURN_FOR_CORRECTION: {
      sendableBy: ['chair'],
      payload: z.object({ reasons: text('reasons for returning the minutes') }).strict(),
      description:
        'Return the minutes to the officer because they do not match the Board’s resolution (the chair).',
    },
    RECORD_CORRECTION: {
      sendableBy: ['officer'],
      payload: z.object({ correctedOn: isoDate, details: text('correction made') }).strict(),
      description: 'Record the correction made; the chair is asked to sign again.',
    },
    DEADLINE_PASSED: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(['meeting']) }).strict(),
      description: 'The next meeting passed (sent by the worker).',
    },
    REMINDER_DUE: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(['meeting']), workingDaysLeft: z.number().int() }).strict(),
      description: 'A reminder fell due (sent by the worker).',
    },
  },
  emails: minutesApprovalEmails,
  roleWords: minutesApprovalRoleWords,
  requestMessages: ['signature-requested'],
  linkResponses: {
    chair: { approve: 'SIGN', reject: 'RETURN_FOR_CORRECTION' },
  },
  deadlineFor(message, context) {
    if (message === 'minutes-signed') return null;
    return (context as MinutesContext).dates.nextMeetingDate;
  },
  describe(value, context) {
    const ctx = context as MinutesContext;
    const late = ctx.overdue?.meeting ? ' (overdue: the meeting has passed)' : '';
    if (value === 'signed') {
      const n = ctx.resolution?.amendments.length ?? 0;
      return {
        summary: `Signed by the chair as a correct record, ${amendmentWords(n)}`,
        awaiting: [],
      };
    }
    const step = (value as { open: string }).open;
    if (step === 'awaitingSignature') {
      const n = ctx.resolution?.amendments.length ?? 0;
      return {
        summary: `Approved as a correct record ${amendmentWords(n)}: awaiting the chair’s signature${late}`,
        awaiting: ['chair'],
      };
    }
    if (step === 'correcting') {
      const last = ctx.corrections[ctx.corrections.length - 1];
      return {
        summary: `Returned by the chair for correction (${last?.reasons ?? ''}): the officer corrects the minutes${late}`,
        awaiting: ['officer'],
      };
    }
    return {
      summary: `Awaiting the Board’s approval of the minutes of ${ctx.dates.meetingDate} at its meeting on ${ctx.dates.nextMeetingDate}${late}`,
      awaiting: ['officer'],
    };
  },
};
