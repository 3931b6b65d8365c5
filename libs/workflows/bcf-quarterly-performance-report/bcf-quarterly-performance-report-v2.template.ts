import { z } from 'zod';
import { calendarDate } from '../../governance/working-day-calendar.service';
import type { WorkflowTemplate } from '../workflow.template';
import {
  bcfQuarterlyReportV2Machine,
  type QuarterlyV2Context,
  type ReportPeriod,
} from './bcf-quarterly-performance-report-v2.machine';
import { bcfQuarterlyPerformanceReportV1 } from './bcf-quarterly-performance-report.template';

/**
 * Version 2 of the BCF performance report: version 1's steps, the report stating its period when
 * prepared (a quarter or the year-end, and its financial year); a quarter's report goes from the
 * JCB to NHS England, the year-end report to the HWBB first
 * (bcf-quarterly-performance-report-v2.machine.ts).
 */

const v1 = bcfQuarterlyPerformanceReportV1;
const isoDate = calendarDate('use a calendar date such as 2026-08-20');

const lowerFirst = (s: string) => `${s.charAt(0).toLowerCase()}${s.slice(1)}`;

export const PERIOD_WORDS: Record<ReportPeriod, string> = {
  Q1: 'Quarter 1',
  Q2: 'Quarter 2',
  Q3: 'Quarter 3',
  yearEnd: 'Year-end',
};

/** "2026/27": a financial year, its second year the next. */
const financialYear = z
  .string()
  .regex(/^\d{4}\/\d{2}$/, 'give the financial year such as 2026/27')
  .refine(
    (y) => (Number(y.slice(0, 4)) + 1) % 100 === Number(y.slice(5)),
    'the financial year’s second year follows its first, such as 2026/27',
  );

export const bcfQuarterlyPerformanceReportV2: WorkflowTemplate = {
  ...v1,
  version: 2,
  title: 'Better Care Fund performance report (quarterly to NHS England, year-end to the HWBB)',
  machine: bcfQuarterlyReportV2Machine,
  dateFields: {
    jcbMeetingDate: 'The JCB meeting that signs the report off',
    submissionDate: 'When the report is due at NHS England',
  },
  events: {
    ...v1.events,
    RECORD_PREPARED: {
      sendableBy: ['officer'],
      payload: z
        .object({
          preparedOn: isoDate,
          period: z.enum(['Q1', 'Q2', 'Q3', 'yearEnd'], {
            message: 'period must be Q1, Q2, Q3 or yearEnd',
          }),
          financialYear,
        })
        .strict(),
      description:
        'Record that the finance and performance group prepared the report for the JCB, and the period it covers: a quarter goes from the JCB to NHS England, the year-end report to the HWBB first.',
    },
    RECORD_JCB_SIGN_OFF: {
      ...v1.events.RECORD_JCB_SIGN_OFF,
      description:
        'Record that the JCB signed the report off at its meeting: a quarter’s report is then submitted to NHS England, the year-end report goes to the HWBB.',
    },
    RECORD_HWBB_OUTCOME: {
      ...v1.events.RECORD_HWBB_OUTCOME,
      description: 'Record that the HWBB noted or approved the year-end report at its meeting.',
    },
  },
  describe(value, context) {
    const ctx = context as QuarterlyV2Context;
    const said = v1.describe(value, context);
    if (!ctx.period) return said;
    const report = `${PERIOD_WORDS[ctx.period.period]} ${ctx.period.financialYear} report`;
    const step = value === 'submitted' ? null : (value as { open: unknown }).open;
    if (step === 'readyToSubmit' && ctx.hwbb === null) {
      const late = said.summary.match(/ \(overdue: .*\)$/)?.[0] ?? '';
      return {
        summary: `${report}: signed off by the JCB, awaiting submission to NHS England by ${ctx.dates.submissionDate}${late}`,
        awaiting: said.awaiting,
      };
    }
    if (step === 'hwbb')
      return {
        ...said,
        summary: `${report}: ${lowerFirst(said.summary).replace('noting or approving it', 'noting or approving the year-end report before NHS England')}`,
      };
    return { ...said, summary: `${report}: ${lowerFirst(said.summary)}` };
  },
};
