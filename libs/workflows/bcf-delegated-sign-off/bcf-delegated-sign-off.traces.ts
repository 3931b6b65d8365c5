import { sentAs, type TracePlan } from '../trace-recorder.service';

/**
 * The events the BCF delegated sign-off traces are made of
 * (libs/workflows/trace-recorder.service.ts): the seed's 2021/22 plan (submission by 16 November
 * 2021, noting by 16 December, assurance expected 9 January 2022), every answerer either way,
 * interests declared and roles reassigned, each assurance outcome over two rounds, and the
 * payloads the template refuses.
 */
const ANSWERERS = ['chiefExecutive', 'accountableOfficer', 'delegatedApprover'] as const;
const HOLDER = '5f0c7a52-3b7e-4a55-9a43-0d6c1f2b8e41';

const perAnswerer = Object.fromEntries(
  ANSWERERS.flatMap((role) => [
    [`REJECT, the ${role}`, { type: 'REJECT', role, reasons: 'Not ready' }],
    [
      `DECLARE_INTEREST, other, the ${role}`,
      { type: 'DECLARE_INTEREST', role, nature: 'other', details: 'A trusteeship' },
    ],
    [
      `DECLARE_INTEREST, disclosable pecuniary, the ${role}`,
      {
        type: 'DECLARE_INTEREST',
        role,
        nature: 'disclosablePecuniary',
        details: 'A shareholding',
      },
    ],
    [`REASSIGN_ROLE, ${role}`, { type: 'REASSIGN_ROLE', reassign: role, holderId: HOLDER }],
  ]),
);
const perKey = Object.fromEntries(
  (['submission', 'assurance', 'noting'] as const).flatMap((key) => [
    [`DEADLINE_PASSED, ${key}`, { type: 'DEADLINE_PASSED', key }],
    [`REMINDER_DUE, ${key}`, { type: 'REMINDER_DUE', key, workingDaysLeft: 2 }],
  ]),
);
const conditionMet = (id: string) => ({
  type: 'MARK_CONDITION_MET',
  conditionId: id,
  metOn: '2022-01-20',
});

export const BCF_DELEGATED_SIGN_OFF_V1_TRACES: TracePlan = {
  template: 'bcf-delegated-sign-off',
  version: 1,
  opening: {
    on: '2021-10-01',
    dates: {
      submissionDeadline: '2021-11-16',
      expectedAssuranceDate: '2022-01-09',
      notingDeadline: '2021-12-16',
    },
  },
  events: sentAs({
    SEEK_AGREEMENT: { type: 'SEEK_AGREEMENT' },
    'SEEK_AGREEMENT, with a field it has not': { type: 'SEEK_AGREEMENT', urgent: true },
    'AGREE, the chiefExecutive': { type: 'AGREE', role: 'chiefExecutive' },
    'AGREE, the accountableOfficer': {
      type: 'AGREE',
      role: 'accountableOfficer',
      comments: 'Agreed for the CCG',
    },
    'AGREE, the delegatedApprover': { type: 'AGREE', role: 'delegatedApprover' },
    ...perAnswerer,
    'REJECT, without reasons': { type: 'REJECT', role: 'chiefExecutive', reasons: ' ' },
    APPROVE: { type: 'APPROVE', role: 'delegatedApprover', comments: 'Approved under delegation.' },
    RECORD_SUBMISSION: { type: 'RECORD_SUBMISSION', submittedOn: '2021-11-15' },
    'RECORD_SUBMISSION, round 2': {
      type: 'RECORD_SUBMISSION',
      submittedOn: '2022-01-31',
      reference: 'BCF-2122-R2',
    },
    'RECORD_ASSURANCE, approved': {
      type: 'RECORD_ASSURANCE',
      outcome: 'approved',
      receivedOn: '2022-01-09',
    },
    'RECORD_ASSURANCE, approved with conditions': {
      type: 'RECORD_ASSURANCE',
      outcome: 'approvedWithConditions',
      receivedOn: '2022-01-09',
      conditions: ['Confirm the discharge fund split', 'Publish the capacity plan'],
    },
    'RECORD_ASSURANCE, approved with conditions but none listed': {
      type: 'RECORD_ASSURANCE',
      outcome: 'approvedWithConditions',
      receivedOn: '2022-01-09',
    },
    'RECORD_ASSURANCE, not approved': {
      type: 'RECORD_ASSURANCE',
      outcome: 'notApproved',
      receivedOn: '2022-01-09',
      reasons: 'The capacity plan is missing',
      resubmitBy: '2022-02-01',
    },
    'RECORD_ASSURANCE, not approved with new dates': {
      type: 'RECORD_ASSURANCE',
      outcome: 'notApproved',
      receivedOn: '2022-01-09',
      resubmitBy: '2022-02-01',
      expectedAssuranceDate: '2022-03-01',
      notingDeadline: '2022-03-10',
    },
    'RECORD_ASSURANCE, not approved without a date to resubmit by': {
      type: 'RECORD_ASSURANCE',
      outcome: 'notApproved',
      receivedOn: '2022-01-09',
    },
    'MARK_CONDITION_MET, R1-C1': conditionMet('R1-C1'),
    'MARK_CONDITION_MET, R1-C2': { ...conditionMet('R1-C2'), evidence: 'Published on 20 Jan' },
    'MARK_CONDITION_MET, R2-C1': conditionMet('R2-C1'),
    'MARK_CONDITION_MET, R2-C2': conditionMet('R2-C2'),
    'MARK_CONDITION_MET, an unknown condition': conditionMet('R1-C9'),
    RECORD_NOTING: {
      type: 'RECORD_NOTING',
      meetingDate: '2021-12-09',
      minuteReference: 'HWBB 9 Dec, item 6',
    },
    'REASSIGN_ROLE, to something that is not an id': {
      type: 'REASSIGN_ROLE',
      reassign: 'chiefExecutive',
      holderId: 'the deputy',
    },
    ...perKey,
  }),
  journeys: {
    'agreed in either order, approved under delegation, submitted, noted and assured': [
      'SEEK_AGREEMENT',
      'AGREE, the accountableOfficer',
      'AGREE, the chiefExecutive',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_NOTING',
      'RECORD_ASSURANCE, approved',
    ],
    'assured with conditions, noted, each condition then met': [
      'SEEK_AGREEMENT',
      'AGREE, the chiefExecutive',
      'AGREE, the accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, approved with conditions',
      'RECORD_NOTING',
      'MARK_CONDITION_MET, R1-C2',
      'MARK_CONDITION_MET, R1-C1',
    ],
    'not approved, agreed and approved again, resubmitted and assured with conditions': [
      'SEEK_AGREEMENT',
      'AGREE, the chiefExecutive',
      'AGREE, the accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION',
      'RECORD_ASSURANCE, not approved',
      'SEEK_AGREEMENT',
      'AGREE, the chiefExecutive',
      'AGREE, the accountableOfficer',
      'APPROVE',
      'RECORD_SUBMISSION, round 2',
      'RECORD_ASSURANCE, approved with conditions',
      'MARK_CONDITION_MET, R2-C1',
      'MARK_CONDITION_MET, R2-C2',
      'RECORD_NOTING',
    ],
    'the Chief Executive withdraws with an interest; the role reassigned, the new holder agrees': [
      'SEEK_AGREEMENT',
      'DECLARE_INTEREST, disclosable pecuniary, the chiefExecutive',
      'AGREE, the accountableOfficer',
      'REASSIGN_ROLE, chiefExecutive',
      'AGREE, the chiefExecutive',
      'APPROVE',
    ],
  },
};
