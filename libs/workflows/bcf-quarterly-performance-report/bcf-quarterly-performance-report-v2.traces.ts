import { sentAs, type TracePlan } from '../trace-recorder.service';
import { BCF_QUARTERLY_PERFORMANCE_REPORT_V1_TRACES as V1 } from './bcf-quarterly-performance-report.traces';

/**
 * Version 2's traces: version 1's events five years on (the 2026/27 reports: Q1 at the JCB on
 * 20 August 2026), the report stating its period: a quarter's report from the JCB to NHS England,
 * the year-end report to the HWBB first; and the periods the template refuses.
 */

/** Version 1's events five years on (a day of 2021 becomes the same day of 2026). */
const later = (payload: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(payload).replace(/"2021-(\d\d-\d\d)"/g, '"2026-$1"')) as Record<
    string,
    unknown
  >;

const V1_EVENTS = Object.fromEntries(
  Object.entries(V1.events)
    .filter(([name]) => !name.startsWith('RECORD_PREPARED'))
    .map(([name, e]) => [name, { ...e, payload: later(e.payload) }]),
);

const prepared = (period: string, financialYear = '2026/27') => ({
  type: 'RECORD_PREPARED',
  preparedOn: '2026-08-05',
  period,
  financialYear,
});

export const BCF_QUARTERLY_PERFORMANCE_REPORT_V2_TRACES: TracePlan = {
  template: 'bcf-quarterly-performance-report',
  version: 2,
  opening: {
    on: '2026-07-20',
    dates: { jcbMeetingDate: '2026-08-20', submissionDate: '2026-09-10' },
  },
  events: {
    ...V1_EVENTS,
    ...sentAs({
      'RECORD_PREPARED, Q1': prepared('Q1'),
      'RECORD_PREPARED, year-end': prepared('yearEnd'),
      'RECORD_PREPARED, without its period': { type: 'RECORD_PREPARED', preparedOn: '2026-08-05' },
      'RECORD_PREPARED, a fourth quarter': prepared('Q4'),
      'RECORD_PREPARED, a year that is not one': prepared('Q1', '2026/28'),
    }),
  },
  journeys: {
    'a quarter’s report: prepared, signed off by the JCB and submitted to NHS England': [
      'RECORD_PREPARED, Q1',
      'RECORD_JCB_SIGN_OFF',
      'RECORD_SUBMISSION',
    ],
    'the year-end report: prepared, signed off by the JCB, noted by the HWBB and submitted': [
      'RECORD_PREPARED, year-end',
      'RECORD_JCB_SIGN_OFF',
      'RECORD_HWBB_OUTCOME, noted',
      'RECORD_SUBMISSION',
    ],
    'a quarter deferred by the JCB to its next meeting, then signed off and submitted': [
      'RECORD_PREPARED, Q1',
      'RECORD_JCB_DEFERRAL, to a later meeting',
      'RECORD_PREPARED, Q1',
      'RECORD_JCB_SIGN_OFF, at the next meeting',
      'RECORD_SUBMISSION',
    ],
  },
};
