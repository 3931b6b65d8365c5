import {
  assuranceFields,
  conditionMetFields,
} from '../bcf-delegated-sign-off/bcf-delegated-sign-off.words';
import type { TemplateWords } from '../template-words';

/** The BCF sign-off by the Board's words (every version). */
export const bcfBoardSignOffWords: TemplateWords = {
  dates: {
    nationalDeadline: 'National deadline',
    expectedAssuranceDate: 'Expected assurance date',
  },
  events: {
    RECORD_ARRANGEMENTS: {
      action: 'Record the arrangements agreed',
      done: 'The HWBB’s arrangements for approving the final version were recorded',
      fields: {
        arrangements: {
          label: 'Arrangements agreed for approving the final version',
          name: 'the arrangements agreed',
          kind: 'long',
        },
      },
    },
    RECORD_HWBB_APPROVAL: {
      action: 'Record the HWBB’s approval',
      done: 'The HWBB’s approval was recorded',
    },
    RECORD_HWBB_REJECTION: {
      action: 'Record that the HWBB did not approve',
      done: 'The HWBB did not approve the plan',
    },
    APPROVE: { action: 'Approve the plan', done: 'Approved the plan' },
    REJECT: { action: 'Reject the plan', done: 'Rejected the plan' },
    SEEK_APPROVAL: { action: 'Seek approval again', done: 'Approval was sought again' },
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
          hint: 'Optional',
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
  },
};
