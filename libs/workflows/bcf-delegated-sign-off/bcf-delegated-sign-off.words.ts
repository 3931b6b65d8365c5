import type { FieldWords, TemplateWords } from '../template-words';

const OUTCOMES = {
  approved: 'Approved',
  approvedWithConditions: 'Approved with conditions',
  notApproved: 'Not approved',
};

const ROLES = {
  chiefExecutive: 'Chief Executive',
  accountableOfficer: 'Accountable Officer',
  delegatedApprover: 'HWBB chair, under the Board’s delegation',
};

export const assuranceFields: Record<string, FieldWords> = {
  outcome: { label: 'Assurance outcome', name: 'the assurance outcome', options: OUTCOMES },
  receivedOn: {
    label: 'Date the outcome was received',
    name: 'the date the outcome was received',
  },
  conditions: {
    label: 'Conditions',
    name: 'the conditions',
    hint: 'Only when approved with conditions. One condition per line.',
  },
  reasons: { label: 'Reasons', name: 'the reasons', hint: 'Optional', kind: 'long' },
  resubmitBy: {
    label: 'Date the revised plan must be resubmitted by',
    name: 'the date the revised plan must be resubmitted by',
    hint: 'Only when not approved',
  },
  expectedAssuranceDate: {
    label: 'New date the assurance outcome is expected',
    name: 'the new date the assurance outcome is expected',
    hint: 'Only when not approved',
  },
  notingDeadline: {
    label: 'New date by which the HWBB must note the approval',
    name: 'the new noting deadline',
    hint: 'Only when not approved',
  },
};

export const conditionMetFields: Record<string, FieldWords> = {
  conditionId: { label: 'Condition', name: 'the condition that was met', kind: 'condition' },
  metOn: { label: 'Date the condition was met', name: 'the date the condition was met' },
  evidence: { label: 'Evidence', name: 'the evidence', kind: 'long' },
};

/** The BCF delegated sign-off's words (every version). */
export const bcfDelegatedSignOffWords: TemplateWords = {
  dates: {
    submissionDeadline: 'Submission deadline',
    notingDeadline: 'Noting deadline',
    expectedAssuranceDate: 'Expected assurance date',
  },
  events: {
    SEEK_AGREEMENT: {
      action: 'Seek agreement',
      done: 'Agreement was sought from the Chief Executive and the Accountable Officer',
    },
    AGREE: { action: 'Agree the plan', done: 'Agreed the plan' },
    REJECT: { action: 'Reject the plan', done: 'Rejected the plan' },
    APPROVE: { action: 'Approve the plan', done: 'Approved the plan under delegation' },
    RECORD_SUBMISSION: {
      action: 'Record the submission',
      done: 'The plan’s submission was recorded',
      fields: {
        submittedOn: {
          label: 'Date the plan was submitted',
          name: 'the date the plan was submitted',
        },
        reference: {
          label: 'Submission reference',
          name: 'the submission reference',
          hint: 'Optional, for example the regional team’s acknowledgement number',
        },
      },
    },
    RECORD_ASSURANCE: {
      action: 'Record the assurance outcome',
      done: 'The assurance outcome was recorded',
      fields: assuranceFields,
    },
    MARK_CONDITION_MET: {
      action: 'Mark a condition as met',
      done: 'A condition was marked as met',
      fields: conditionMetFields,
    },
    RECORD_NOTING: {
      action: 'Record the HWBB noting the approval',
      done: 'The HWBB’s noting of the approval was recorded',
      fields: {
        meetingDate: {
          label: 'Date of the HWBB meeting',
          name: 'the date of the HWBB meeting',
        },
      },
    },
    DECLARE_INTEREST: {
      action: 'Declare an interest',
      done: 'Declared an interest',
      fields: {
        nature: {
          label: 'Kind of interest',
          options: {
            disclosablePecuniary: 'Disclosable pecuniary interest',
            other: 'Other interest',
          },
        },
        details: { label: 'Details', kind: 'long' },
      },
    },
    REASSIGN_ROLE: {
      action: 'Hand a role to someone else',
      done: 'A role was handed to someone else',
      fields: {
        reassign: { label: 'Which role', name: 'the role to hand over', options: ROLES },
        holderId: {
          label: 'Who takes the role',
          name: 'who takes the role',
          hint: 'An office, or for the HWBB chair’s role a delegation',
          kind: 'holder',
        },
      },
    },
  },
};
