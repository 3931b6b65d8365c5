import { sentAs, type TracePlan } from '../trace-recorder.service';

/**
 * The events the BCF full board sign-off traces are made of
 * (libs/workflows/trace-recorder.service.ts): the seed's 2017-19 plan (national deadline 11
 * September 2017), every approver either way, each assurance outcome, and the payloads the
 * template refuses.
 */
const HWBB = { meetingDate: '2017-09-06', minuteReference: 'HWBB 6 Sep 2017, minute 3' };

export const BCF_BOARD_SIGN_OFF_V1_TRACES: TracePlan = {
  template: 'bcf-board-sign-off',
  version: 1,
  opening: {
    on: '2017-07-03',
    dates: { nationalDeadline: '2017-09-11', expectedAssuranceDate: '2017-10-31' },
  },
  events: sentAs({
    RECORD_ARRANGEMENTS: {
      type: 'RECORD_ARRANGEMENTS',
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 8',
      arrangements:
        'Final version to the HWBB on 6 September; Cabinet and the CCG Governing Body to approve',
    },
    'RECORD_ARRANGEMENTS, without the arrangements': {
      type: 'RECORD_ARRANGEMENTS',
      meetingDate: '2017-07-26',
      minuteReference: 'HWBB 26 Jul 2017, minute 8',
    },
    RECORD_HWBB_APPROVAL: { type: 'RECORD_HWBB_APPROVAL', ...HWBB },
    RECORD_HWBB_REJECTION: {
      type: 'RECORD_HWBB_REJECTION',
      ...HWBB,
      reasons: 'The DToC metric is not agreed',
    },
    'APPROVE, the Chief Executive': { type: 'APPROVE', role: 'chiefExecutive' },
    'APPROVE, the Accountable Officer': {
      type: 'APPROVE',
      role: 'accountableOfficer',
      comments: 'Approved for the CCG',
    },
    'APPROVE, the officer': { type: 'APPROVE', role: 'officer' },
    'REJECT, the Chief Executive': {
      type: 'REJECT',
      role: 'chiefExecutive',
      reasons: 'The iBCF schemes are missing',
    },
    'REJECT, the Accountable Officer': {
      type: 'REJECT',
      role: 'accountableOfficer',
      reasons: 'The CCG minimum contribution is wrong',
    },
    'REJECT, without reasons': { type: 'REJECT', role: 'chiefExecutive', reasons: '' },
    SEEK_APPROVAL: { type: 'SEEK_APPROVAL' },
    RECORD_SUBMISSION: { type: 'RECORD_SUBMISSION', submittedOn: '2017-09-08' },
    'RECORD_ASSURANCE, approved': {
      type: 'RECORD_ASSURANCE',
      outcome: 'approved',
      receivedOn: '2017-10-30',
    },
    'RECORD_ASSURANCE, approved with conditions': {
      type: 'RECORD_ASSURANCE',
      outcome: 'approvedWithConditions',
      receivedOn: '2017-10-30',
      conditions: ['Confirm the DFG allocation', 'Publish the narrative plan'],
    },
    'RECORD_ASSURANCE, approved with conditions but none listed': {
      type: 'RECORD_ASSURANCE',
      outcome: 'approvedWithConditions',
      receivedOn: '2017-10-30',
    },
    'RECORD_ASSURANCE, not approved': {
      type: 'RECORD_ASSURANCE',
      outcome: 'notApproved',
      receivedOn: '2017-10-30',
      reasons: 'The metrics are not evidenced',
      resubmitBy: '2017-11-30',
    },
    'RECORD_ASSURANCE, not approved without a date to resubmit by': {
      type: 'RECORD_ASSURANCE',
      outcome: 'notApproved',
      receivedOn: '2017-10-30',
    },
    'MARK_CONDITION_MET, R1-C1': {
      type: 'MARK_CONDITION_MET',
      conditionId: 'R1-C1',
      metOn: '2017-11-06',
    },
    'MARK_CONDITION_MET, R1-C2': {
      type: 'MARK_CONDITION_MET',
      conditionId: 'R1-C2',
      metOn: '2017-11-08',
      evidence: 'Narrative plan published on the council website',
    },
    'MARK_CONDITION_MET, an unknown condition': {
      type: 'MARK_CONDITION_MET',
      conditionId: 'R1-C9',
      metOn: '2017-11-06',
    },
    'DEADLINE_PASSED, submission': { type: 'DEADLINE_PASSED', key: 'submission' },
    'DEADLINE_PASSED, assurance': { type: 'DEADLINE_PASSED', key: 'assurance' },
    'REMINDER_DUE, submission': { type: 'REMINDER_DUE', key: 'submission', workingDaysLeft: 5 },
    'REMINDER_DUE, assurance': { type: 'REMINDER_DUE', key: 'assurance', workingDaysLeft: 5 },
  }),
  journeys: {
    'approved by all three, submitted and assured with conditions, each then met': [
      'RECORD_ARRANGEMENTS',
      'RECORD_HWBB_APPROVAL',
      'APPROVE, the Chief Executive',
      'APPROVE, the Accountable Officer',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, approved with conditions',
      'MARK_CONDITION_MET, R1-C1',
      'MARK_CONDITION_MET, R1-C2',
    ],
    'rejected by the Accountable Officer, approved again, not assured, resubmitted and assured': [
      'RECORD_ARRANGEMENTS',
      'RECORD_HWBB_APPROVAL',
      'APPROVE, the Chief Executive',
      'REJECT, the Accountable Officer',
      'SEEK_APPROVAL',
      'RECORD_HWBB_APPROVAL',
      'APPROVE, the Chief Executive',
      'APPROVE, the Accountable Officer',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, not approved',
      'SEEK_APPROVAL',
      'RECORD_HWBB_APPROVAL',
      'APPROVE, the Chief Executive',
      'APPROVE, the Accountable Officer',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, approved',
    ],
  },
};
