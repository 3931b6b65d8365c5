import { sentAs, type TracePlan } from '../trace-recorder.service';
import { BCF_DELEGATED_SIGN_OFF_V1_TRACES as V1 } from './bcf-delegated-sign-off.traces';

/**
 * Version 2's traces: version 1's journeys and refusals on a plan three years on (the 2024/25 plan,
 * submission by 16 November 2024, noting by 16 December, assurance expected 9 January 2025), the
 * Integrated Care Board's Chief Executive agreeing; the regional team's request for more
 * information pausing the assurance deadline; conditions with their owner and due date, reminded,
 * handed on, escalated and met; and the payloads the new rules refuse.
 */

/** Version 1's events three years on (a day of 2021 or 2022 becomes the same day of 2024 or 2025). */
const later = (payload: Record<string, unknown>): Record<string, unknown> =>
  JSON.parse(
    JSON.stringify(payload).replace(/"(2021|2022)-(\d\d-\d\d)"/g, (_, y: string, md: string) =>
      y === '2021' ? `"2024-${md}"` : `"2025-${md}"`,
    ),
  ) as Record<string, unknown>;

const V1_EVENTS = Object.fromEntries(
  Object.entries(V1.events).map(([name, e]) => [name, { ...e, payload: later(e.payload) }]),
);

const withConditions = {
  type: 'RECORD_ASSURANCE',
  outcome: 'approvedWithConditions',
  receivedOn: '2025-01-09',
  conditions: ['Confirm the discharge fund split', 'Publish the capacity plan'],
  conditionsOwner: 'chiefExecutive',
  conditionsDueBy: '2025-02-28',
};

export const BCF_DELEGATED_SIGN_OFF_V2_TRACES: TracePlan = {
  template: 'bcf-delegated-sign-off',
  version: 2,
  opening: {
    on: '2024-10-01',
    dates: {
      submissionDeadline: '2024-11-16',
      expectedAssuranceDate: '2025-01-09',
      notingDeadline: '2024-12-16',
    },
  },
  events: {
    ...V1_EVENTS,
    ...sentAs({
      'AGREE, the accountableOfficer': {
        type: 'AGREE',
        role: 'accountableOfficer',
        comments: 'Agreed for the Integrated Care Board',
      },
      'RECORD_ASSURANCE, approved with conditions': withConditions,
      'RECORD_ASSURANCE, approved with conditions, the officer owning them': {
        ...withConditions,
        conditionsOwner: 'officer',
      },
      'RECORD_ASSURANCE, approved with conditions but no owner': {
        ...withConditions,
        conditionsOwner: undefined,
      },
      'RECORD_ASSURANCE, approved with conditions due before the outcome': {
        ...withConditions,
        conditionsDueBy: '2025-01-02',
      },
      'RECORD_ASSURANCE, approved, with an owner for conditions it has not': {
        type: 'RECORD_ASSURANCE',
        outcome: 'approved',
        receivedOn: '2025-01-09',
        conditionsOwner: 'officer',
      },
      'RECORD_ASSURANCE, conditions as version 1 gave them, with owners inside': {
        ...withConditions,
        conditions: [{ text: 'Confirm the discharge fund split', owner: 'officer' }],
      },
      REQUEST_INFORMATION: {
        type: 'REQUEST_INFORMATION',
        requestedOn: '2024-12-02',
        details: 'The discharge metric trajectory by month, and the capacity and demand plan',
        respondBy: '2024-12-13',
      },
      'REQUEST_INFORMATION, to answer before it was asked': {
        type: 'REQUEST_INFORMATION',
        requestedOn: '2024-12-02',
        details: 'The capacity and demand plan',
        respondBy: '2024-11-29',
      },
      PROVIDE_INFORMATION: {
        type: 'PROVIDE_INFORMATION',
        givenOn: '2024-12-11',
        response: 'Monthly trajectory and the capacity and demand plan sent by email',
      },
      'PROVIDE_INFORMATION, before the request': {
        type: 'PROVIDE_INFORMATION',
        givenOn: '2024-11-29',
      },
      'ASSIGN_CONDITION, R1-C2 to the ICB': {
        type: 'ASSIGN_CONDITION',
        conditionId: 'R1-C2',
        owner: 'accountableOfficer',
        dueBy: '2025-03-14',
      },
      'ASSIGN_CONDITION, an unknown condition': {
        type: 'ASSIGN_CONDITION',
        conditionId: 'R1-C9',
        owner: 'accountableOfficer',
        dueBy: '2025-03-14',
      },
      'ASSIGN_CONDITION, to someone not on the case': {
        type: 'ASSIGN_CONDITION',
        conditionId: 'R1-C2',
        owner: 'leader',
        dueBy: '2025-03-14',
      },
      'REMINDER_DUE, information': { type: 'REMINDER_DUE', key: 'information', workingDaysLeft: 2 },
      'DEADLINE_PASSED, information': { type: 'DEADLINE_PASSED', key: 'information' },
      'REMINDER_DUE, condition R1-C1': {
        type: 'REMINDER_DUE',
        key: 'condition-R1-C1',
        workingDaysLeft: 5,
      },
      'DEADLINE_PASSED, condition R1-C1': { type: 'DEADLINE_PASSED', key: 'condition-R1-C1' },
      'DEADLINE_PASSED, condition R2-C1': { type: 'DEADLINE_PASSED', key: 'condition-R2-C1' },
      'DEADLINE_PASSED, a key the case has not': { type: 'DEADLINE_PASSED', key: 'call-in' },
    }),
  },
  journeys: {
    ...V1.journeys,
    'the regional team asks for more information: the assurance deadline paused, moved when given, assured':
      [
        'SEEK_AGREEMENT',
        'AGREE, the accountableOfficer',
        'AGREE, the chiefExecutive',
        'APPROVE',
        'RECORD_SUBMISSION',
        'REQUEST_INFORMATION',
        'REMINDER_DUE, information',
        'RECORD_NOTING',
        'PROVIDE_INFORMATION',
        'RECORD_ASSURANCE, approved',
      ],
    'information late: escalated, then given; assured with conditions': [
      'SEEK_AGREEMENT',
      'AGREE, the chiefExecutive',
      'AGREE, the accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'REQUEST_INFORMATION',
      'DEADLINE_PASSED, information',
      'PROVIDE_INFORMATION',
      'RECORD_ASSURANCE, approved with conditions',
      'RECORD_NOTING',
      'MARK_CONDITION_MET, R1-C1',
      'MARK_CONDITION_MET, R1-C2',
    ],
    'conditions owned and due: reminded, one handed to the ICB, one overdue and escalated, both met':
      [
        'SEEK_AGREEMENT',
        'AGREE, the chiefExecutive',
        'AGREE, the accountableOfficer',
        'APPROVE',
        'RECORD_SUBMISSION',
        'RECORD_NOTING',
        'RECORD_ASSURANCE, approved with conditions',
        'ASSIGN_CONDITION, R1-C2 to the ICB',
        'REMINDER_DUE, condition R1-C1',
        'DEADLINE_PASSED, condition R1-C1',
        'MARK_CONDITION_MET, R1-C1',
        'MARK_CONDITION_MET, R1-C2',
      ],
  },
};
