import { sentAs, type PlannedEvent, type TracePlan } from '../trace-recorder.service';
import { PHARMACY_CONSOLIDATION_REPRESENTATION_V1_TRACES as V1 } from './pharmacy-consolidation-representation.traces';

/**
 * Version 2's traces: version 1's journeys and refusals on an application the Integrated Care
 * Board notified on Thu 1 August 2024 (response due Sun 15 September), the ICB on the circulation
 * list where version 1 had the CCG, and a CCG refused as a consultee.
 */
const RECIPIENTS = [
  { name: 'Cllr Chris Lane', category: 'cabinetMember' },
  { name: 'Cllr Pat Moss', category: 'wardMember' },
  { name: 'NHS Hampshire and Isle of Wight ICB', category: 'icb' },
  { name: 'Public Health team', category: 'publicHealth' },
  { name: 'Planning Policy team', category: 'planningPolicy' },
  { name: 'Cllr Jo Reed', category: 'scrutinyChair' },
  { name: 'Healthwatch Southampton', category: 'healthwatch' },
  { name: 'Cllr Sam Hill', category: 'hwbbMember', represents: 'council' },
  { name: 'Dr Ola Ade', category: 'hwbbMember', represents: 'icb' },
];
const dph = (event: PlannedEvent): PlannedEvent => ({ ...event, role: 'dph' });

/** Version 1's events, their dates moved to 2024 (the periods are calendar days). */
const later = (payload: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(JSON.stringify(payload).replace(/"2017-(\d\d-\d\d)"/g, '"2024-$1"')) as Record<
    string,
    unknown
  >;

const V1_EVENTS = Object.fromEntries(
  Object.entries(V1.events).map(([name, e]) => [name, { ...e, payload: later(e.payload) }]),
);

export const PHARMACY_CONSOLIDATION_REPRESENTATION_V2_TRACES: TracePlan = {
  template: 'pharmacy-consolidation-representation',
  version: 2,
  opening: {
    on: '2024-08-01',
    dates: { notifiedOn: '2024-08-01', responseDeadline: '2024-09-15' },
  },
  events: {
    ...V1_EVENTS,
    ...sentAs({
      CIRCULATE: dph({ type: 'CIRCULATE', circulatedOn: '2024-08-10', recipients: RECIPIENTS }),
      'CIRCULATE, to an incomplete list': dph({
        type: 'CIRCULATE',
        circulatedOn: '2024-08-10',
        recipients: RECIPIENTS.slice(0, 2),
      }),
      'CIRCULATE, naming the CCG rather than the ICB': dph({
        type: 'CIRCULATE',
        circulatedOn: '2024-08-10',
        recipients: RECIPIENTS.map((r) =>
          r.category === 'icb' ? { name: 'NHS Southampton City CCG', category: 'ccg' } : r,
        ),
      }),
      'CIRCULATE, an HWBB member for the CCG': dph({
        type: 'CIRCULATE',
        circulatedOn: '2024-08-10',
        recipients: RECIPIENTS.map((r) =>
          r.represents === 'icb' ? { ...r, represents: 'ccg' } : r,
        ),
      }),
      'CIRCULATE, by the officer': {
        type: 'CIRCULATE',
        circulatedOn: '2024-08-10',
        recipients: RECIPIENTS,
      },
      'RECORD_CONSULTATION_RESPONSE, the ICB': dph({
        type: 'RECORD_CONSULTATION_RESPONSE',
        consultee: { name: 'NHS Hampshire and Isle of Wight ICB', category: 'icb' },
        respondedOn: '2024-08-12',
        response: 'Capacity at the remaining site is sufficient',
        declaration: 'The ICB decides the application',
      }),
      RECORD_RESPONSE_SENT: {
        type: 'RECORD_RESPONSE_SENT',
        sentOn: '2024-09-04',
        reference: 'HIOW-ICB/PHARM/2024/031',
      },
    }),
  },
  journeys: {
    'not contentious: the chair and ward member consulted, the EIA attached, no gap, sent to the ICB':
      [
        'TRIAGE, not contentious',
        'RECORD_CONSULTATION_RESPONSE, the HWBB chair',
        'RECORD_CONSULTATION_RESPONSE, a ward member',
        'RECORD_EIA',
        'RECORD_DECISION, no gap',
        'RECORD_RESPONSE_SENT',
      ],
    'contentious: circulated to the list with the ICB, the group meets, a gap, sent to the ICB': [
      'TRIAGE, contentious',
      'RECORD_EIA',
      'CIRCULATE',
      'RECORD_CONSULTATION_RESPONSE, the ICB',
      'CALL_MEETING',
      'RECORD_MEETING',
      'RECORD_DECISION, a gap',
      'RECORD_RESPONSE_SENT',
    ],
  },
};
