import type { TemplateWords } from '../template-words';
import { minutesApprovalWords as v1 } from './minutes-approval.words';

/**
 * Version 2's words: version 1's, with the Board's approval from its meeting (never a form: the
 * meeting page records it) naming who signs, and in whose place.
 */
export const minutesApprovalV2Words: TemplateWords = {
  dates: {
    meetingDate: 'Date of the meeting whose minutes are approved',
    nextMeetingDate: 'Date of the next meeting',
  },
  events: {
    ...v1.events,
    RECORD_APPROVAL: {
      action: 'Record the approval of the minutes at the meeting',
      done: 'The meeting approved the minutes as a correct record',
      fromMeeting: true,
      fields: {
        ...v1.events.RECORD_APPROVAL.fields,
        signer: {
          label: 'Who signs',
          name: 'who signs',
          options: { chair: 'The chair', viceChair: 'The vice-chair, in the chair’s place' },
        },
        inPlaceOf: { label: 'In the place of', name: 'the chair in whose place' },
        because: { label: 'Why the chair does not sign', name: 'why the chair does not sign' },
        fromMeeting: { label: 'From the meeting', hidden: true },
      },
    },
  },
};
