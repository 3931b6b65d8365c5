/*
 * NHS England notifies the HWBB on Tue 1 August 2017: the response is due 45 days later, Fri 15
 * September. London is on BST (UTC+1): reminders fall at 09:00 (08:00Z), a date passes when it
 * ends in London (23:00Z). 10 and 5 working days before 15 September are 1 and 8 September;
 * circulation is due Tue 15 August (reminder 3 working days before: Thu 10 August). Circulated on
 * 16 August, feedback is due Wed 30 August, reminded Thu 24 August (Mon 28 August was the summer
 * bank holiday).
 */
export const DATES = { notifiedOn: '2017-08-01', responseDeadline: '2017-09-15' };
export const RESPONSE_REMINDERS = ['2017-09-01T08:00:00.000Z', '2017-09-08T08:00:00.000Z'];
export const RESPONSE_PASSED = '2017-09-15T23:00:00.000Z';
export const CIRCULATION_REMINDER = '2017-08-10T08:00:00.000Z';
export const CIRCULATION_PASSED = '2017-08-15T23:00:00.000Z';
export const FEEDBACK_REMINDER = '2017-08-24T08:00:00.000Z';

/** The named list of seed 002 item 7, para 8 and recommendation (ii). */
export const FULL_LIST = [
  { name: 'Cllr Chris Lane', category: 'cabinetMember' },
  { name: 'Cllr Pat Moss', category: 'wardMember' },
  { name: 'NHS Southampton City CCG', category: 'ccg' },
  { name: 'Public Health team, SCC', category: 'publicHealth' },
  { name: 'Planning Policy team, SCC', category: 'planningPolicy' },
  { name: 'Cllr Sam Ferris', category: 'scrutinyChair' },
  { name: 'Healthwatch Southampton', category: 'healthwatch' },
  { name: 'Cllr Alex Rowe', category: 'hwbbMember', represents: 'council' },
  { name: 'Dr Sam Okafor', category: 'hwbbMember', represents: 'ccg' },
];

export const EIA_2017 = {
  recordedOn: '2017-08-29',
  documentName: 'EIA consolidation Portswood and Highfield.pdf',
  summary: 'Older and disabled residents of the estate would travel further',
};
