import type { TemplateWords } from '../template-words';
import { bcfBoardSignOffWords as v1 } from './bcf-board-sign-off.words';

/**
 * Version 2's words: version 1's, without the HWBB's typed approval and rejection, with the
 * HWBB's outcome from its meeting's show of hands (never a form: the meeting records it) and the
 * Integrated Care Board's Chief Executive where version 1 named the Accountable Officer.
 */
const {
  RECORD_HWBB_APPROVAL: _typedApproval,
  RECORD_HWBB_REJECTION: _typedRejection,
  ...kept
} = v1.events;

export const bcfBoardSignOffV2Words: TemplateWords = {
  dates: v1.dates,
  events: {
    ...kept,
    RECORD_HWBB_DECISION: {
      action: 'Record the HWBB’s show of hands at its meeting',
      done: 'The HWBB’s meeting decided on the plan by a show of hands',
      fromMeeting: true,
      fields: {
        outcome: {
          label: 'What the meeting decided',
          name: 'what the meeting decided',
          options: {
            consensus: 'Approved by consensus',
            referredBack: 'Referred back for revision',
            deferred: 'Deferred to a later meeting',
          },
        },
        fromMeeting: { label: 'From the meeting’s show of hands', hidden: true },
      },
    },
    APPROVE: {
      action: 'Approve the plan',
      done: 'Approved the plan for the council or the Integrated Care Board',
    },
  },
};
