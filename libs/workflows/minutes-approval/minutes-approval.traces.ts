import { sentAs, type TracePlan } from '../trace-recorder.service';

/**
 * The events the minutes-approval traces are made of (libs/workflows/trace-recorder.service.ts):
 * the seed's minutes of 28 June 2017, approved at the meeting of 26 July 2017, and the payloads
 * the template refuses.
 */
export const MINUTES_APPROVAL_V1_TRACES: TracePlan = {
  template: 'minutes-approval',
  version: 1,
  opening: {
    on: '2017-07-03',
    dates: { meetingDate: '2017-06-28', nextMeetingDate: '2017-07-26' },
  },
  events: sentAs({
    RECORD_APPROVAL: {
      type: 'RECORD_APPROVAL',
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 2',
    },
    'RECORD_APPROVAL, with an amendment': {
      type: 'RECORD_APPROVAL',
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 2',
      amendments: ['The CCG member’s interest to read “Governing Body”, not “Governance Board”'],
    },
    'RECORD_APPROVAL, without a minute reference': {
      type: 'RECORD_APPROVAL',
      meetingDate: '2017-07-26',
      minuteReference: ' ',
    },
    DEFER: {
      type: 'DEFER',
      meetingDate: '2017-07-26',
      reasons: 'The draft minutes were not circulated with the agenda',
      nextMeetingDate: '2017-10-18',
    },
    'DEFER, to an earlier date': {
      type: 'DEFER',
      meetingDate: '2017-07-26',
      reasons: 'Mistaken date',
      nextMeetingDate: '2017-07-01',
    },
    SIGN: { type: 'SIGN', role: 'chair', comments: 'Signed at the meeting' },
    'SIGN, by the officer': { type: 'SIGN', role: 'officer' },
    RETURN_FOR_CORRECTION: {
      type: 'RETURN_FOR_CORRECTION',
      role: 'chair',
      reasons: 'The amendment is not in the signed copy',
    },
    'RETURN_FOR_CORRECTION, without reasons': {
      type: 'RETURN_FOR_CORRECTION',
      role: 'chair',
      reasons: '',
    },
    RECORD_CORRECTION: {
      type: 'RECORD_CORRECTION',
      correctedOn: '2017-07-27',
      details: 'Amendment incorporated in minute 1',
    },
    'REMINDER_DUE, meeting': { type: 'REMINDER_DUE', key: 'meeting', workingDaysLeft: 5 },
    'DEADLINE_PASSED, meeting': { type: 'DEADLINE_PASSED', key: 'meeting' },
    'DEADLINE_PASSED, an unknown deadline': { type: 'DEADLINE_PASSED', key: 'noting' },
  }),
  journeys: {
    'approved with an amendment, returned for correction, corrected and signed': [
      'RECORD_APPROVAL, with an amendment',
      'RETURN_FOR_CORRECTION',
      'RECORD_CORRECTION',
      'SIGN',
    ],
    'deferred to a later meeting, then approved as drafted and signed': [
      'DEFER',
      'RECORD_APPROVAL',
      'SIGN',
    ],
  },
};
