import { z } from 'zod';
import type { WorkflowTemplate } from '../workflow.template';
import {
  addCalendarDays,
  pharmacyConsolidationMachine,
  RESPONSE_DAYS,
  type DeadlineKey,
  type PharmacyContext,
} from './pharmacy-consolidation-representation.machine';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { pharmacyConsolidationRepresentationEmails } from './pharmacy-consolidation-representation.emails';
import { circulationPayloads, text } from './pharmacy-circulation.schema';

const isoDate = calendarDate('use a calendar date such as 2017-08-01');
/** The CCG on the circulation list (seed 002, item 7, para 8). */
const CIRCULATION = circulationPayloads(
  {
    key: 'ccg',
    abbreviation: 'CCG',
    words: 'NHS Southampton City Clinical Commissioning Group',
    cabinetMember: 'the Cabinet Member for Health and Sustainable Living',
  },
  isoDate,
);

const KEYS = ['response', 'circulation', 'feedback'] as const;
const KEY_WORDS: Record<DeadlineKey, string> = {
  response: 'the 45-day response to NHS England',
  circulation: 'circulation within 14 days of notification',
  feedback: 'feedback within 14 days of circulation',
};

export const pharmacyConsolidationRepresentationV1: WorkflowTemplate = {
  id: 'pharmacy-consolidation-representation',
  version: 1,
  title: 'Pharmacy consolidation application: the HWBB’s 45-day representation to NHS England',
  machine: pharmacyConsolidationMachine,
  roles: {
    dph: {
      label: 'Director of Public Health, who decides the representation under delegation',
      binding: 'office',
    },
    hwbbChair: { label: 'Chair of the Health and Wellbeing Board', binding: 'office' },
    scrutinyChair: {
      label: 'Chair of the Health Overview and Scrutiny Panel, who is kept informed',
      binding: 'office',
    },
    officer: { label: 'Officer running the case', binding: 'officers' },
  },
  dateFields: {
    notifiedOn: 'The day NHS England notified the HWBB of the consolidation application',
    responseDeadline:
      'The day the HWBB’s representation is due: exactly 45 calendar days after notifiedOn',
  },
  dates: (today) =>
    z
      .object({
        notifiedOn: isoDate.refine((d) => d <= today, 'the notification must not be in the future'),
        responseDeadline: isoDate.refine(
          (d) => d >= today,
          'the response deadline has passed: the HWBB can no longer respond in time',
        ),
      })
      .strict()
      .superRefine((d, ctx) => {
        const due = addCalendarDays(d.notifiedOn, RESPONSE_DAYS);
        if (d.responseDeadline !== due)
          ctx.addIssue({
            code: 'custom',
            message: `the response is due ${RESPONSE_DAYS} calendar days after notification: ${due}`,
            path: ['responseDeadline'],
          });
      }),
  events: {
    TRIAGE: {
      sendableBy: ['officer'],
      payload: z
        .object({
          route: z.enum(['nonContentious', 'contentious'], {
            message: 'route must be nonContentious or contentious',
          }),
          reasons: text('reasons for the route (the DPH’s and HWBB chair’s view)'),
        })
        .strict(),
      description:
        'Record whether the DPH and the HWBB chair deem the application contentious, and why.',
    },
    RECORD_CONSULTATION_RESPONSE: {
      sendableBy: ['officer', 'dph'],
      payload: CIRCULATION.RECORD_CONSULTATION_RESPONSE,
      description: 'Record a consultee’s response with their declaration of interests (or "none").',
    },
    CIRCULATE: {
      sendableBy: ['dph'],
      payload: CIRCULATION.CIRCULATE,
      description:
        'Record that the DPH circulated the application, with its EIA, to the named list (contentious route).',
    },
    CALL_MEETING: {
      sendableBy: ['dph'],
      payload: z.object({ reasons: text('reasons no clear response emerged') }).strict(),
      description: 'No clear response emerged electronically: the group is invited to meet.',
    },
    RECORD_MEETING: {
      sendableBy: ['officer', 'dph'],
      payload: CIRCULATION.RECORD_MEETING,
      description:
        'Record the meeting of those consulted, with each attendee’s declaration of interests.',
    },
    RECORD_EIA: {
      sendableBy: ['officer', 'dph'],
      payload: z
        .object({
          recordedOn: isoDate,
          documentName: text('Equality Impact Assessment document name'),
          summary: text('summary of the assessment'),
        })
        .strict(),
      description: 'Attach the Equality Impact Assessment (required before the decision).',
    },
    RECORD_DECISION: {
      sendableBy: ['dph'],
      payload: z
        .object({
          decidedOn: isoDate,
          opinion: z.enum(['noGap', 'gap'], { message: 'opinion must be noGap or gap' }),
          representation: text('representation to NHS England'),
        })
        .strict(),
      description:
        'The DPH decides whether removing the premises would create a gap in pharmaceutical services, and the representation.',
    },
    RECORD_RESPONSE_SENT: {
      sendableBy: ['officer'],
      payload: z.object({ sentOn: isoDate, reference: text('reference of the response') }).strict(),
      description: 'Record the response sent to NHS England; the scrutiny panel chair is told.',
    },
    DEADLINE_PASSED: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(KEYS) }).strict(),
      description: 'A deadline passed (sent by the worker).',
    },
    REMINDER_DUE: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(KEYS), workingDaysLeft: z.number().int() }).strict(),
      description: 'A reminder fell due (sent by the worker).',
    },
  },
  emails: pharmacyConsolidationRepresentationEmails,
  requestMessages: [],
  linkResponses: {},
  deadlineFor(message, context) {
    const ctx = context as PharmacyContext;
    if (message === 'response-sent') return null;
    if (message.startsWith('circulation')) return ctx.circulationDue;
    if (message.startsWith('feedback')) return ctx.feedbackDue;
    return ctx.dates.responseDeadline;
  },
  describe(value, context) {
    const ctx = context as PharmacyContext;
    if (value === 'closed') {
      const sent = ctx.responseSent;
      const opinion = ctx.decision?.opinion === 'gap' ? 'a gap' : 'no gap';
      return {
        summary: `Closed: representation (${opinion} in pharmaceutical services) sent to NHS England on ${sent?.sentOn ?? ''} (${sent?.reference ?? ''})`,
        awaiting: [],
      };
    }
    const late = (Object.keys(ctx.overdue) as DeadlineKey[]).filter((k) => ctx.overdue[k]);
    const suffix = late.length ? ` (overdue: ${late.map((k) => KEY_WORDS[k]).join(', ')})` : '';
    const due = ctx.dates.responseDeadline;
    const eia = ctx.eia ? 'EIA attached' : 'EIA not yet attached';
    const n = ctx.responses.length;
    const responses = `${n} response${n === 1 ? '' : 's'}`;
    const step = (value as { open: string | { contentious: string } }).open;
    const say = (summary: string, awaiting: string[]) => ({
      summary: `${summary}${suffix}`,
      awaiting,
    });
    if (step === 'triage')
      return say(
        `Notified on ${ctx.dates.notifiedOn}: awaiting triage, contentious or not (response due ${due})`,
        ['officer'],
      );
    if (step === 'nonContentious')
      return say(
        `Non-contentious: the Director of Public Health consults the HWBB chair and ward members (${responses}; ${eia}; response due ${due})`,
        ['dph'],
      );
    if (step === 'decided')
      return say(
        `Decided by the Director of Public Health on ${ctx.decision?.decidedOn ?? ''}: awaiting the response to NHS England by ${due}`,
        ['officer'],
      );
    const sub = typeof step === 'object' ? step.contentious : '';
    if (sub === 'circulating')
      return say(
        `Contentious: awaiting circulation by the Director of Public Health by ${ctx.circulationDue ?? ''} (${eia}; response due ${due})`,
        ['dph'],
      );
    if (sub === 'feedback')
      return say(
        `Contentious: circulated on ${ctx.circulation?.circulatedOn ?? ''}, feedback due by ${ctx.feedbackDue ?? ''} (${responses}; ${eia}; response due ${due})`,
        ['dph'],
      );
    return say(
      `Contentious: no clear response electronically, the group meets (${ctx.meeting ? `met on ${ctx.meeting.meetingDate}` : 'meeting not yet recorded'}; ${eia}; response due ${due})`,
      ['dph'],
    );
  },
};
