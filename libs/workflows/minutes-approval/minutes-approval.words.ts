import type { TemplateWords } from '../template-words';

/** The minutes approval's words (every version). */
export const minutesApprovalWords: TemplateWords = {
  dates: { meetingDate: 'Date of the meeting', nextMeetingDate: 'Date of the next meeting' },
  events: {
    RECORD_APPROVAL: {
      action: 'Record the approval of the minutes',
      done: 'The minutes’ approval was recorded',
      fields: {
        meetingDate: {
          label: 'Date of the meeting that approved them',
          name: 'the date of the meeting that approved them',
        },
        amendments: {
          label: 'Amendments',
          name: 'the amendments',
          hint: 'Optional. One amendment per line.',
        },
      },
    },
    DEFER: {
      action: 'Record that approval was deferred',
      done: 'Approval of the minutes was deferred',
    },
    SIGN: { action: 'Sign the minutes', done: 'Signed the minutes as a correct record' },
    RETURN_FOR_CORRECTION: {
      action: 'Return for correction',
      done: 'Returned the minutes for correction',
    },
    RECORD_CORRECTION: {
      action: 'Record the correction',
      done: 'The correction was recorded',
      fields: {
        correctedOn: { label: 'Date of the correction', name: 'the date of the correction' },
        details: { label: 'Correction made', name: 'the correction made', kind: 'long' },
      },
    },
  },
};
