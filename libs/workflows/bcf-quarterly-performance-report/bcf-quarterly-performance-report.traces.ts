import { sentAs, type TracePlan } from '../trace-recorder.service';

/**
 * The events the quarterly performance report's traces are made of
 * (libs/workflows/trace-recorder.service.ts): the seed's Q1 2021/22 (JCB 19 August 2021), and
 * the payloads the template refuses.
 */
const JCB = { meetingDate: '2021-08-19', minuteReference: 'JCB 19 Aug 2021, item 6' };
const HWBB = { meetingDate: '2021-09-01', minuteReference: 'HWBB 1 Sep 2021, item 7' };

export const BCF_QUARTERLY_PERFORMANCE_REPORT_V1_TRACES: TracePlan = {
  template: 'bcf-quarterly-performance-report',
  version: 1,
  opening: {
    on: '2021-07-20',
    dates: { jcbMeetingDate: '2021-08-19', submissionDate: '2021-09-10' },
  },
  events: sentAs({
    RECORD_PREPARED: { type: 'RECORD_PREPARED', preparedOn: '2021-08-05' },
    'RECORD_PREPARED, on a day that does not exist': {
      type: 'RECORD_PREPARED',
      preparedOn: '2021-02-30',
    },
    RECORD_JCB_SIGN_OFF: { type: 'RECORD_JCB_SIGN_OFF', ...JCB },
    'RECORD_JCB_SIGN_OFF, at the next meeting': {
      type: 'RECORD_JCB_SIGN_OFF',
      meetingDate: '2021-09-16',
      minuteReference: 'JCB 16 Sep 2021, item 3',
    },
    'RECORD_JCB_DEFERRAL, to a later meeting': {
      type: 'RECORD_JCB_DEFERRAL',
      ...JCB,
      reasons: 'No consensus on the discharge metric',
      nextMeetingDate: '2021-09-16',
    },
    'RECORD_JCB_DEFERRAL, to an earlier date': {
      type: 'RECORD_JCB_DEFERRAL',
      ...JCB,
      reasons: 'Mistaken date',
      nextMeetingDate: '2021-08-01',
    },
    'RECORD_HWBB_OUTCOME, noted': { type: 'RECORD_HWBB_OUTCOME', outcome: 'noted', ...HWBB },
    'RECORD_HWBB_OUTCOME, approved': { type: 'RECORD_HWBB_OUTCOME', outcome: 'approved', ...HWBB },
    'RECORD_HWBB_OUTCOME, neither': { type: 'RECORD_HWBB_OUTCOME', outcome: 'deferred', ...HWBB },
    RECORD_SUBMISSION: { type: 'RECORD_SUBMISSION', submittedOn: '2021-09-09' },
    'DEADLINE_PASSED, JCB': { type: 'DEADLINE_PASSED', key: 'jcb' },
    'DEADLINE_PASSED, submission': { type: 'DEADLINE_PASSED', key: 'submission' },
    'REMINDER_DUE, JCB': { type: 'REMINDER_DUE', key: 'jcb', workingDaysLeft: 5 },
    'REMINDER_DUE, submission': { type: 'REMINDER_DUE', key: 'submission', workingDaysLeft: 5 },
  }),
  journeys: {
    'prepared, signed off by the JCB, noted by the HWBB and submitted': [
      'RECORD_PREPARED',
      'RECORD_JCB_SIGN_OFF',
      'RECORD_HWBB_OUTCOME, noted',
      'RECORD_SUBMISSION',
    ],
    'deferred by the JCB to its next meeting, then signed off and approved': [
      'RECORD_PREPARED',
      'RECORD_JCB_DEFERRAL, to a later meeting',
      'RECORD_PREPARED',
      'RECORD_JCB_SIGN_OFF, at the next meeting',
      'RECORD_HWBB_OUTCOME, approved',
      'RECORD_SUBMISSION',
    ],
  },
};
