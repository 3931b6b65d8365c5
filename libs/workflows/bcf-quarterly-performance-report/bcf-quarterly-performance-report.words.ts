import type { TemplateWords } from '../template-words';

/** The BCF quarterly report's words (every version). */
export const bcfQuarterlyPerformanceReportWords: TemplateWords = {
  dates: { jcbMeetingDate: 'Date of the JCB meeting', submissionDate: 'Submission date' },
  events: {
    RECORD_PREPARED: {
      action: 'Record that the report is prepared',
      done: 'The report was recorded as prepared',
      fields: {
        preparedOn: {
          label: 'Date the report was prepared',
          name: 'the date the report was prepared',
        },
      },
    },
    RECORD_JCB_SIGN_OFF: {
      action: 'Record the JCB’s sign-off',
      done: 'The JCB’s sign-off was recorded',
    },
    RECORD_JCB_DEFERRAL: {
      action: 'Record the JCB’s deferral',
      done: 'The JCB deferred the report',
    },
    RECORD_HWBB_OUTCOME: {
      action: 'Record the HWBB’s outcome',
      done: 'The HWBB’s outcome was recorded',
      fields: {
        outcome: {
          label: 'What the HWBB did',
          name: 'what the HWBB did',
          options: { noted: 'Noted the report', approved: 'Approved the report' },
        },
      },
    },
    RECORD_SUBMISSION: {
      action: 'Record the submission',
      done: 'The report’s submission was recorded',
      fields: {
        submittedOn: {
          label: 'Date the report was submitted',
          name: 'the date the report was submitted',
        },
        reference: {
          label: 'Submission reference',
          name: 'the submission reference',
          hint: 'Optional',
        },
      },
    },
  },
};
