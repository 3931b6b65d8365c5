import { z } from 'zod';
import type { WorkflowTemplate } from '../workflow.template';
import {
  bcfQuarterlyReportMachine,
  type DeadlineKey,
  type QuarterlyContext,
} from './bcf-quarterly-performance-report.machine';
import { calendarDate } from '../../governance/working-day-calendar.service';
import { bcfQuarterlyPerformanceReportEmails } from './bcf-quarterly-performance-report.emails';

const isoDate = calendarDate('use a calendar date such as 2021-08-19');
const text = (what: string) =>
  z.string().trim().min(1, `give the ${what}`).max(4000, `keep the ${what} under 4000 characters`);
const minute = { meetingDate: isoDate, minuteReference: text('minute reference') };
const KEYS = ['jcb', 'submission'] as const;
const KEY_WORDS: Record<DeadlineKey, string> = {
  jcb: 'the JCB meeting',
  submission: 'the NHS England submission date',
};

export const bcfQuarterlyPerformanceReportV1: WorkflowTemplate = {
  id: 'bcf-quarterly-performance-report',
  version: 1,
  title: 'Better Care Fund quarterly performance report',
  machine: bcfQuarterlyReportMachine,
  roles: {
    commissioningLead: {
      label: 'Commissioning lead who presents the performance report',
      binding: 'office',
    },
    officer: { label: 'Democratic support officer', binding: 'officers' },
  },
  dateFields: {
    jcbMeetingDate:
      'The quarter’s JCB meeting that signs the report off (Q1 19 Aug 2021, Q2 21 Oct 2021 in the seed)',
    submissionDate: 'When the report is due at NHS England',
  },
  dates: (today) =>
    z
      .object({
        jcbMeetingDate: isoDate.refine(
          (d) => d >= today,
          'the JCB meeting must not be in the past',
        ),
        submissionDate: isoDate,
      })
      .strict()
      .refine((d) => d.submissionDate > d.jcbMeetingDate, {
        message: 'the NHS England submission date must come after the JCB meeting',
        path: ['submissionDate'],
      }),
  events: {
    RECORD_PREPARED: {
      sendableBy: ['officer'],
      payload: z.object({ preparedOn: isoDate }).strict(),
      description: 'Record that the finance and performance group prepared the report for the JCB.',
    },
    RECORD_JCB_SIGN_OFF: {
      sendableBy: ['officer'],
      payload: z.object(minute).strict(),
      description: 'Record that the JCB signed the report off at its meeting.',
    },
    RECORD_JCB_DEFERRAL: {
      sendableBy: ['officer'],
      payload: z.object({ ...minute, reasons: text('reasons'), nextMeetingDate: isoDate }).strict(),
      description:
        'Record that the JCB deferred the report (no consensus); it goes to the next JCB meeting, which becomes the JCB date.',
    },
    RECORD_HWBB_OUTCOME: {
      sendableBy: ['officer'],
      payload: z
        .object({
          outcome: z.enum(['noted', 'approved'], { message: 'outcome must be noted or approved' }),
          ...minute,
        })
        .strict(),
      description: 'Record that the HWBB noted or approved the report at its meeting.',
    },
    RECORD_SUBMISSION: {
      sendableBy: ['officer'],
      payload: z
        .object({ submittedOn: isoDate, reference: text('submission reference').optional() })
        .strict(),
      description: 'Record that the report was submitted to NHS England.',
    },
    DEADLINE_PASSED: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(KEYS) }).strict(),
      description: 'The JCB meeting or the submission date passed (sent by the worker).',
    },
    REMINDER_DUE: {
      sendableBy: ['system'],
      payload: z.object({ key: z.enum(KEYS), workingDaysLeft: z.number().int() }).strict(),
      description: 'A reminder fell due (sent by the worker).',
    },
  },
  emails: bcfQuarterlyPerformanceReportEmails,
  requestMessages: [],
  linkResponses: {},
  deadlineFor(message, context) {
    const dates = (context as QuarterlyContext).dates;
    if (message.startsWith('jcb')) return dates.jcbMeetingDate;
    if (message === 'report-submitted') return null;
    return dates.submissionDate;
  },
  describe(value, context) {
    const ctx = context as QuarterlyContext;
    if (value === 'submitted')
      return {
        summary: `Submitted to NHS England on ${ctx.submission?.submittedOn ?? ''}`,
        awaiting: [],
      };
    const late = (Object.keys(ctx.overdue) as DeadlineKey[]).filter((k) => ctx.overdue[k]);
    const suffix = late.length ? ` (overdue: ${late.map((k) => KEY_WORDS[k]).join(', ')})` : '';
    const step = (value as { open: string | { beforeJcb: string } }).open;
    let summary: string;
    if (step === 'hwbb')
      summary = 'Signed off by the JCB: awaiting the HWBB noting or approving it';
    else if (step === 'readyToSubmit')
      summary = `${ctx.hwbb?.outcome === 'approved' ? 'Approved' : 'Noted'} by the HWBB: awaiting submission to NHS England by ${ctx.dates.submissionDate}`;
    else if ((step as { beforeJcb: string }).beforeJcb === 'jcbSignOff')
      summary = `Prepared: awaiting the JCB’s sign-off at its meeting on ${ctx.dates.jcbMeetingDate}`;
    else
      summary = `The finance and performance group prepares the report for the JCB on ${ctx.dates.jcbMeetingDate}`;
    return { summary: `${summary}${suffix}`, awaiting: ['officer'] };
  },
};
