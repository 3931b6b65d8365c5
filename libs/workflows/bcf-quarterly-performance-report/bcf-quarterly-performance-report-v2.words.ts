import type { TemplateWords } from '../template-words';
import { bcfQuarterlyPerformanceReportWords as v1 } from './bcf-quarterly-performance-report.words';

/** Version 2's words: version 1's, and the period the report states when it is prepared. */
export const bcfQuarterlyPerformanceReportV2Words: TemplateWords = {
  dates: v1.dates,
  events: {
    ...v1.events,
    RECORD_PREPARED: {
      ...v1.events.RECORD_PREPARED,
      fields: {
        ...v1.events.RECORD_PREPARED.fields,
        period: {
          label: 'Period the report covers',
          name: 'the period the report covers',
          hint: 'A quarter’s report goes from the JCB to NHS England; the year-end report goes to the HWBB first',
          options: { Q1: 'Quarter 1', Q2: 'Quarter 2', Q3: 'Quarter 3', yearEnd: 'Year-end' },
        },
        financialYear: {
          label: 'Financial year',
          name: 'the financial year',
          hint: 'For example, 2026/27',
        },
      },
    },
  },
};
