import { sentAs, type TracePlan } from '../trace-recorder.service';

/**
 * The events the grant-ratification traces are made of (libs/workflows/trace-recorder.service.ts):
 * the seed's Cabinet (18 July 2017), Full Council (19 July) and HWBB (26 July), each decision
 * either way, and the payloads the template refuses.
 */
const minute = (meetingDate: string, minuteReference: string) => ({ meetingDate, minuteReference });

export const GRANT_RATIFICATION_V1_TRACES: TracePlan = {
  template: 'grant-ratification',
  version: 1,
  opening: {
    on: '2017-06-01',
    dates: {
      cabinetMeetingDate: '2017-07-18',
      councilMeetingDate: '2017-07-19',
      ratificationDeadline: '2017-07-26',
    },
  },
  events: sentAs({
    'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board': {
      type: 'RECORD_AGREEMENT_IN_PRINCIPLE',
      body: 'integrationBoard',
      ...minute('2017-06-13', 'Integration Board 13 Jun 2017, item 4'),
    },
    'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board': {
      type: 'RECORD_AGREEMENT_IN_PRINCIPLE',
      body: 'commissioningPartnershipBoard',
      ...minute('2017-06-20', 'CPB 20 Jun 2017, item 5'),
    },
    'RECORD_AGREEMENT_IN_PRINCIPLE, an unknown body': {
      type: 'RECORD_AGREEMENT_IN_PRINCIPLE',
      body: 'cabinet',
      ...minute('2017-06-20', 'Cabinet, item 1'),
    },
    'RECORD_CABINET_DECISION, approved': {
      type: 'RECORD_CABINET_DECISION',
      decision: 'approved',
      ...minute('2017-07-18', 'Cabinet 18 Jul 2017, minute 12'),
    },
    'RECORD_CABINET_DECISION, not approved': {
      type: 'RECORD_CABINET_DECISION',
      decision: 'notApproved',
      ...minute('2017-07-18', 'Cabinet 18 Jul 2017, minute 12'),
      reasons: 'The schemes exceed the grant conditions',
    },
    'RECORD_CABINET_DECISION, not approved without reasons': {
      type: 'RECORD_CABINET_DECISION',
      decision: 'notApproved',
      ...minute('2017-07-18', 'Cabinet 18 Jul 2017, minute 12'),
    },
    'RECORD_COUNCIL_DECISION, approved': {
      type: 'RECORD_COUNCIL_DECISION',
      decision: 'approved',
      ...minute('2017-07-19', 'Council 19 Jul 2017, minute 20'),
    },
    'RECORD_COUNCIL_DECISION, not approved': {
      type: 'RECORD_COUNCIL_DECISION',
      decision: 'notApproved',
      ...minute('2017-07-19', 'Council 19 Jul 2017, minute 20'),
      reasons: 'Referred back to Cabinet',
    },
    'RECORD_RATIFICATION, ratified': {
      type: 'RECORD_RATIFICATION',
      decision: 'ratified',
      ...minute('2017-07-26', 'HWBB 26 Jul 2017, minute 9'),
    },
    'RECORD_RATIFICATION, not ratified': {
      type: 'RECORD_RATIFICATION',
      decision: 'notRatified',
      ...minute('2017-07-26', 'HWBB 26 Jul 2017, minute 9'),
      reasons: 'The Board asked for the NHS impact first',
    },
    'RECORD_RATIFICATION, not ratified without reasons': {
      type: 'RECORD_RATIFICATION',
      decision: 'notRatified',
      ...minute('2017-07-26', 'HWBB 26 Jul 2017, minute 9'),
    },
    'DEADLINE_PASSED, cabinet': { type: 'DEADLINE_PASSED', key: 'cabinet' },
    'DEADLINE_PASSED, council': { type: 'DEADLINE_PASSED', key: 'council' },
    'DEADLINE_PASSED, ratification': { type: 'DEADLINE_PASSED', key: 'ratification' },
    'REMINDER_DUE, cabinet': { type: 'REMINDER_DUE', key: 'cabinet', workingDaysLeft: 5 },
    'REMINDER_DUE, council': { type: 'REMINDER_DUE', key: 'council', workingDaysLeft: 5 },
    'REMINDER_DUE, ratification': { type: 'REMINDER_DUE', key: 'ratification', workingDaysLeft: 5 },
  }),
  journeys: {
    'agreed in principle by both boards, approved by Cabinet and Council, ratified by the HWBB': [
      'RECORD_AGREEMENT_IN_PRINCIPLE, Integration Board',
      'RECORD_AGREEMENT_IN_PRINCIPLE, Commissioning Partnership Board',
      'RECORD_CABINET_DECISION, approved',
      'RECORD_COUNCIL_DECISION, approved',
      'RECORD_RATIFICATION, ratified',
    ],
  },
};
