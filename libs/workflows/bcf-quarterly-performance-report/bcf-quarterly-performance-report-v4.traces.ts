import { sentAs, type TracePlan } from '../trace-recorder.service';
import { BCF_QUARTERLY_PERFORMANCE_REPORT_V3_TRACES as V3 } from './bcf-quarterly-performance-report-v3.traces';

/**
 * Version 4's traces: version 3's reports (each meeting already later than the last one on the
 * report); and, probed where they arise, the outcomes of meetings not later than the last meeting
 * of either body on the report, which the machine does not take: the year-end report signed off by
 * the JCB on 20 August and referred back by the HWBB on 26 August, a JCB consensus dated 22 August.
 */

export const BCF_QUARTERLY_PERFORMANCE_REPORT_V4_TRACES: TracePlan = {
  template: 'bcf-quarterly-performance-report',
  version: 4,
  opening: V3.opening,
  events: {
    ...V3.events,
    ...sentAs({
      'RECORD_JCB_DECISION, consensus at a meeting before the HWBB’s referral': {
        type: 'RECORD_JCB_DECISION',
        meetingDate: '2026-08-22',
        minuteReference: '"BCF performance report", meeting of 2026-08-22',
        outcome: 'consensus',
        fromMeeting: true,
      },
      'RECORD_HWBB_DECISION, consensus at a meeting before the JCB’s sign-off': {
        type: 'RECORD_HWBB_DECISION',
        meetingDate: '2026-08-19',
        minuteReference: '"BCF performance report", meeting of 2026-08-19',
        outcome: 'consensus',
        fromMeeting: true,
      },
    }),
  },
  journeys: {
    ...V3.journeys,
    'the year-end report referred back by the HWBB on 26 August, signed off again by the JCB on 27 August (not by its consensus of 22 August), noted and submitted':
      [
        'RECORD_PREPARED, year-end',
        'RECORD_JCB_DECISION, consensus',
        'RECORD_HWBB_DECISION, referred back',
        'RECORD_JCB_DECISION, consensus at a later meeting',
        'RECORD_HWBB_DECISION, consensus at a later meeting',
        'RECORD_SUBMISSION',
      ],
  },
};
