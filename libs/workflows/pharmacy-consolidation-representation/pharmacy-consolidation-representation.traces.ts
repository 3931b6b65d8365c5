import { sentAs, type PlannedEvent, type TracePlan } from '../trace-recorder.service';

/**
 * The events the pharmacy consolidation representation's traces are made of
 * (libs/workflows/trace-recorder.service.ts): the seed's application notified on 1 August 2017
 * (response due 15 September), both routes, each consultee's response with their declaration,
 * the circulation list complete and incomplete, and the payloads the template refuses.
 */
const RECIPIENTS = [
  { name: 'Cllr Chris Lane', category: 'cabinetMember' },
  { name: 'Cllr Pat Moss', category: 'wardMember' },
  { name: 'NHS Southampton City CCG', category: 'ccg' },
  { name: 'Public Health team', category: 'publicHealth' },
  { name: 'Planning Policy team', category: 'planningPolicy' },
  { name: 'Cllr Jo Reed', category: 'scrutinyChair' },
  { name: 'Healthwatch Southampton', category: 'healthwatch' },
  { name: 'Cllr Sam Hill', category: 'hwbbMember', represents: 'council' },
  { name: 'Dr Ola Ade', category: 'hwbbMember', represents: 'ccg' },
];
const dph = (event: PlannedEvent): PlannedEvent => ({ ...event, role: 'dph' });

export const PHARMACY_CONSOLIDATION_REPRESENTATION_V1_TRACES: TracePlan = {
  template: 'pharmacy-consolidation-representation',
  version: 1,
  opening: {
    on: '2017-08-01',
    dates: { notifiedOn: '2017-08-01', responseDeadline: '2017-09-15' },
  },
  events: sentAs({
    'TRIAGE, not contentious': {
      type: 'TRIAGE',
      route: 'nonContentious',
      reasons: 'Both sites within 300 m; no gap expected',
    },
    'TRIAGE, contentious': {
      type: 'TRIAGE',
      route: 'contentious',
      reasons: 'The closing site serves a deprived estate',
    },
    'TRIAGE, without reasons': { type: 'TRIAGE', route: 'contentious', reasons: '' },
    RECORD_EIA: dph({
      type: 'RECORD_EIA',
      recordedOn: '2017-08-03',
      documentName: 'EIA pharmacy consolidation Portswood.pdf',
      summary: 'No disproportionate impact on protected groups',
    }),
    'RECORD_CONSULTATION_RESPONSE, the HWBB chair': {
      type: 'RECORD_CONSULTATION_RESPONSE',
      consultee: { name: 'Cllr Alex Rowe', category: 'hwbbChair' },
      respondedOn: '2017-08-07',
      response: 'Agree no gap',
      declaration: 'none',
    },
    'RECORD_CONSULTATION_RESPONSE, a ward member': dph({
      type: 'RECORD_CONSULTATION_RESPONSE',
      consultee: { name: 'Cllr Pat Moss', category: 'wardMember' },
      respondedOn: '2017-08-08',
      response: 'Residents will travel further',
      declaration: 'My family uses one of the pharmacies',
    }),
    'RECORD_CONSULTATION_RESPONSE, an HWBB member not saying whom they represent': {
      type: 'RECORD_CONSULTATION_RESPONSE',
      consultee: { name: 'Cllr Sam Hill', category: 'hwbbMember' },
      respondedOn: '2017-08-08',
      response: 'No view',
      declaration: 'none',
    },
    'RECORD_CONSULTATION_RESPONSE, without a declaration': {
      type: 'RECORD_CONSULTATION_RESPONSE',
      consultee: { name: 'Cllr Alex Rowe', category: 'hwbbChair' },
      respondedOn: '2017-08-07',
      response: 'Agree no gap',
      declaration: '',
    },
    CIRCULATE: dph({ type: 'CIRCULATE', circulatedOn: '2017-08-10', recipients: RECIPIENTS }),
    'CIRCULATE, to an incomplete list': dph({
      type: 'CIRCULATE',
      circulatedOn: '2017-08-10',
      recipients: RECIPIENTS.slice(0, 2),
    }),
    'CIRCULATE, by the officer': {
      type: 'CIRCULATE',
      circulatedOn: '2017-08-10',
      recipients: RECIPIENTS,
    },
    CALL_MEETING: dph({
      type: 'CALL_MEETING',
      reasons: 'Feedback split on access for older residents',
    }),
    RECORD_MEETING: {
      type: 'RECORD_MEETING',
      meetingDate: '2017-08-30',
      attendees: [{ name: 'Cllr Chris Lane', category: 'cabinetMember', declaration: 'none' }],
      outcome: 'Agreed a gap would be created',
    },
    'RECORD_DECISION, no gap': dph({
      type: 'RECORD_DECISION',
      decidedOn: '2017-09-01',
      opinion: 'noGap',
      representation: 'The removal would not create a gap in pharmaceutical services.',
    }),
    'RECORD_DECISION, a gap': dph({
      type: 'RECORD_DECISION',
      decidedOn: '2017-09-01',
      opinion: 'gap',
      representation: 'The removal would create a gap for the estate’s older residents.',
    }),
    RECORD_RESPONSE_SENT: {
      type: 'RECORD_RESPONSE_SENT',
      sentOn: '2017-09-04',
      reference: 'NHSE/PC/2017/014',
    },
    'DEADLINE_PASSED, response': { type: 'DEADLINE_PASSED', key: 'response' },
    'DEADLINE_PASSED, circulation': { type: 'DEADLINE_PASSED', key: 'circulation' },
    'DEADLINE_PASSED, feedback': { type: 'DEADLINE_PASSED', key: 'feedback' },
    'REMINDER_DUE, response': { type: 'REMINDER_DUE', key: 'response', workingDaysLeft: 10 },
    'REMINDER_DUE, circulation': { type: 'REMINDER_DUE', key: 'circulation', workingDaysLeft: 3 },
    'REMINDER_DUE, feedback': { type: 'REMINDER_DUE', key: 'feedback', workingDaysLeft: 3 },
  }),
  journeys: {
    'not contentious: the chair and ward member consulted, the EIA attached, no gap, response sent':
      [
        'TRIAGE, not contentious',
        'RECORD_CONSULTATION_RESPONSE, the HWBB chair',
        'RECORD_CONSULTATION_RESPONSE, a ward member',
        'RECORD_EIA',
        'RECORD_DECISION, no gap',
        'RECORD_RESPONSE_SENT',
      ],
    'contentious: circulated, no clear response, the group meets, a gap, response sent': [
      'TRIAGE, contentious',
      'RECORD_EIA',
      'CIRCULATE',
      'RECORD_CONSULTATION_RESPONSE, a ward member',
      'CALL_MEETING',
      'RECORD_MEETING',
      'RECORD_DECISION, a gap',
      'RECORD_RESPONSE_SENT',
    ],
  },
};
