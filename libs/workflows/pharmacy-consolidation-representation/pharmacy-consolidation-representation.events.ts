import type { SnapshotFrom } from 'xstate';
import { stateKey } from '../machine-snapshot.service';
import {
  pharmacyConsolidationMachine as machine,
  type PharmacyEvent,
  type PharmacyInput,
} from './pharmacy-consolidation-representation.machine';

/**
 * The pharmacy consolidation statechart's events as its pure specs send them: one of each kind
 * (by name), the input they start from, and the snapshot's key with the facts its guards read.
 */

export type Snapshot = SnapshotFrom<typeof machine>;

/** Notified Tue 1 August 2017: circulation due 15 August, response due 15 September (45 days). */
export const input: PharmacyInput = {
  dates: { notifiedOn: '2017-08-01', responseDeadline: '2017-09-15' },
};

export const E = {
  'TRIAGE nonContentious': {
    type: 'TRIAGE',
    route: 'nonContentious',
    reasons: 'Both sites within 300 m; no gap expected',
  },
  'TRIAGE contentious': {
    type: 'TRIAGE',
    route: 'contentious',
    reasons: 'The closing site serves a deprived estate',
  },
  RECORD_EIA: {
    type: 'RECORD_EIA',
    recordedOn: '2017-08-03',
    documentName: 'EIA pharmacy consolidation Portswood.pdf',
    summary: 'No disproportionate impact on protected groups',
  },
  'RECORD_CONSULTATION_RESPONSE hwbbChair': {
    type: 'RECORD_CONSULTATION_RESPONSE',
    consultee: { name: 'Cllr Alex Rowe', category: 'hwbbChair' },
    respondedOn: '2017-08-07',
    response: 'Agree no gap',
    declaration: 'none',
  },
  'RECORD_CONSULTATION_RESPONSE wardMember': {
    type: 'RECORD_CONSULTATION_RESPONSE',
    consultee: { name: 'Cllr Pat Moss', category: 'wardMember' },
    respondedOn: '2017-08-08',
    response: 'Residents will travel further',
    declaration: 'My family uses one of the pharmacies',
  },
  CIRCULATE: {
    type: 'CIRCULATE',
    circulatedOn: '2017-08-10',
    recipients: [
      { name: 'Cllr Chris Lane', category: 'cabinetMember' },
      { name: 'Cllr Pat Moss', category: 'wardMember' },
    ],
  },
  CALL_MEETING: { type: 'CALL_MEETING', reasons: 'Feedback split on access for older residents' },
  RECORD_MEETING: {
    type: 'RECORD_MEETING',
    meetingDate: '2017-08-30',
    attendees: [{ name: 'Cllr Chris Lane', category: 'cabinetMember', declaration: 'none' }],
    outcome: 'Agreed a gap would be created',
  },
  RECORD_DECISION: {
    type: 'RECORD_DECISION',
    decidedOn: '2017-09-01',
    opinion: 'noGap',
    representation: 'The removal would not create a gap in pharmaceutical services.',
  },
  RECORD_RESPONSE_SENT: {
    type: 'RECORD_RESPONSE_SENT',
    sentOn: '2017-09-04',
    reference: 'NHSE/PC/2017/014',
  },
  'DEADLINE_PASSED response': { type: 'DEADLINE_PASSED', key: 'response' },
  'DEADLINE_PASSED circulation': { type: 'DEADLINE_PASSED', key: 'circulation' },
  'DEADLINE_PASSED feedback': { type: 'DEADLINE_PASSED', key: 'feedback' },
  'REMINDER_DUE response': { type: 'REMINDER_DUE', key: 'response', workingDaysLeft: 10 },
  'REMINDER_DUE circulation': { type: 'REMINDER_DUE', key: 'circulation', workingDaysLeft: 3 },
  'REMINDER_DUE feedback': { type: 'REMINDER_DUE', key: 'feedback', workingDaysLeft: 3 },
} satisfies Record<string, PharmacyEvent>;
export type EventName = keyof typeof E;

/** The state key with the facts the guards read, so paths through recordings are distinct. */
export const serializeState = (s: Snapshot) => {
  const c = s.context;
  const has = (cat: string) => c.responses.some((r) => r.consultee.category === cat);
  return [
    stateKey(s.value),
    `eia:${c.eia !== null}`,
    `chair:${has('hwbbChair')}`,
    `ward:${has('wardMember')}`,
    `meeting:${c.meeting !== null}`,
  ].join('|');
};
